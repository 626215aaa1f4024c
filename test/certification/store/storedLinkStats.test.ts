import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../server/db/connectDatabase.js';
import { evaluateFlight } from '../../../server/certification/evaluations/evaluationService.js';
import { createTestPlan } from '../../../server/certification/evaluations/testPlanService.js';
import { openTestDatabase } from '../../support/testDatabase.js';
import { syntheticEvents, syntheticSamples } from '../reports/reportFixture.js';
import { storeLandedFlight } from './storedFlightFixture.js';

const LINK_PLAN = {
  id: 'link',
  name: 'Telemetry link',
  items: [{ id: 'link', criterion: 'link-integrity', params: { maxLossPct: 2 } }],
};

/**
 * The packet loss a stored flight is judged on comes from the ground-link's sequence-number
 * counters that ingest keeps in the flight's summary. The synthetic flight's SYS_STATUS carries
 * no drop rate, so without the counters the loss is unknown.
 */
describe('link statistics of a stored flight', () => {
  let database: Database;
  let planId: string;

  beforeAll(async () => {
    database = await openTestDatabase('storedLinkStats');
    planId = (await createTestPlan(database.connection, LINK_PLAN, null)).planId;
  });
  afterAll(async () => {
    await database?.close();
  });

  async function evaluateWith(
    link: { framesReceived: number; framesLostBySeq: number } | undefined,
  ) {
    const flight = await storeLandedFlight(
      database.connection,
      syntheticSamples(),
      syntheticEvents(),
      [],
      { maker: 'Hanbit', vehicle: 'X8', range: 'Goheung', ...(link ? { link } : {}) },
    );
    const evaluation = await evaluateFlight(database.connection, flight.flightId, planId, {
      trigger: 'request',
    });
    const result = evaluation.results.find((r) => r.itemId === 'link');
    if (!result) throw new Error('no link-integrity result');
    return result;
  }

  it('fails a flight that lost 3 % of its frames (300 of 10 000)', async () => {
    const result = await evaluateWith({ framesReceived: 9700, framesLostBySeq: 300 });
    const loss = result.metrics.find((m) => m.name === 'packet loss');
    expect(loss?.value).toBeCloseTo(3, 9);
    expect(loss?.unit).toBe('%');
    expect(result.verdict).toBe('fail');
  });

  it('passes a flight that lost 1 % of its frames', async () => {
    const result = await evaluateWith({ framesReceived: 9900, framesLostBySeq: 100 });
    expect(result.metrics.find((m) => m.name === 'packet loss')?.value).toBeCloseTo(1, 9);
    expect(result.verdict).toBe('pass');
  });

  it('is insufficient-data for a flight stored without counters', async () => {
    const result = await evaluateWith(undefined);
    expect(result.metrics.find((m) => m.name === 'packet loss')?.value).toBeNull();
    expect(result.verdict).toBe('insufficient-data');
  });
});
