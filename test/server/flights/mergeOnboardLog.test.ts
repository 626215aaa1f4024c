import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Simulator } from '../../../ground-link/simulator/index.js';
import type { InjectedFault } from '../../../ground-link/simulator/index.js';
import type { CriterionResult } from '../../../server/certification/criterionResult.js';
import { evaluateFlight } from '../../../server/certification/evaluations/evaluationService.js';
import { createTestPlan } from '../../../server/certification/evaluations/testPlanService.js';
import type { Database } from '../../../server/db/connectDatabase.js';
import { mergeOnboardLog, ONBOARD_LOG_BUCKET } from '../../../server/flights/mergeOnboardLog.js';
import type { HttpError } from '../../../server/http/httpError.js';
import type { StoredFlight } from '../../certification/store/storedFlightFixture.js';
import { openTestDatabase } from '../../support/testDatabase.js';
import { storeSimulatedLinkLossFlight } from './simulatedLinkLossFlight.js';
import { uploadedLog } from './uploadedLog.js';

/** Heartbeats come at 1 Hz: how closely a mode switch can be dated from them [s]. */
const HEARTBEAT_PERIOD_S = 1;

const PLAN = {
  id: 'link-loss',
  name: 'Link-loss failsafe',
  items: [{ id: 'rth', criterion: 'link-loss-rth', params: { maxModeChangeDelayS: 5 } }],
};

/**
 * The simulator's link-loss flight (truth: the link goes silent for 15 s, the vehicle switches
 * to RTL 3 s into the silence), stored as the ground heard it; its onboard log is merged in.
 */
describe('merging the onboard log into a flight after a link loss', () => {
  let database: Database;
  let flight: StoredFlight;
  let planId: string;
  let fault: Extract<InjectedFault, { kind: 'link-loss' }>;
  let onboardLog: Uint8Array;

  beforeAll(async () => {
    database = await openTestDatabase('mergeOnboardLog');
    ({ flight, fault, onboardLog } = await storeSimulatedLinkLossFlight(database.connection, 5));
    planId = (await createTestPlan(database.connection, PLAN, null)).planId;
  }, 120_000);
  afterAll(async () => {
    await database?.close();
  });

  const linkLossResult = async (): Promise<CriterionResult> => {
    const evaluation = await evaluateFlight(database.connection, flight.flightId, planId, {
      trigger: 'request',
    });
    return evaluation.results[0] as CriterionResult;
  };

  it('cannot date the switch to RTL from live telemetry alone', async () => {
    const result = await linkLossResult();
    expect(result.verdict).toBe('insufficient-data');
    expect(result.reason).toMatch(/onboard log/);
  }, 60_000);

  it('adds the switch to RTL and the autopilot’s message from inside the silence', async () => {
    const merge = await mergeOnboardLog(
      database.connection,
      flight.flightId,
      uploadedLog(onboardLog),
    );
    expect(merge.silences).toHaveLength(1);
    const rtl = merge.added.find((e) => e.type === 'mode-change' && e.data.modeName === 'RTL');
    const afterSwitchS = ((rtl?.tUs ?? Infinity) - (fault.failsafeUs ?? 0)) / 1e6;
    expect(afterSwitchS).toBeGreaterThanOrEqual(0);
    expect(afterSwitchS).toBeLessThanOrEqual(HEARTBEAT_PERIOD_S);
    expect(rtl?.data.source).toBe('onboard-log');
    expect(merge.added.map((e) => e.message)).toContainEqual(
      expect.stringContaining('Connection to ground station lost'),
    );
    // The log itself is kept, byte-exact, under its hash.
    const fileId = `${flight.flightId}:${merge.onboardLogSha256}`;
    const db = database.connection.db!;
    const file = await db
      .collection(`${ONBOARD_LOG_BUCKET}.files`)
      .findOne({ _id: fileId as never });
    expect(file?.length).toBe(onboardLog.length);
    const chunks = await db
      .collection(`${ONBOARD_LOG_BUCKET}.chunks`)
      .find({ files_id: fileId })
      .sort({ n: 1 })
      .toArray();
    const kept = Buffer.concat(chunks.map((c) => Buffer.from(c.data.buffer)));
    expect(kept.equals(Buffer.from(onboardLog))).toBe(true);
    // Nothing from where live telemetry already spoke.
    for (const event of merge.added) {
      expect(event.tUs).toBeGreaterThan(fault.startUs);
      expect(event.tUs).toBeLessThan(fault.endUs ?? 0);
    }
  }, 60_000);

  it('then passes the failsafe, dated within one heartbeat of the true switch', async () => {
    const result = await linkLossResult();
    expect(result.verdict).toBe('pass');
    const delayS = result.metrics.find((m) => m.name === 'worst time from link loss to RTL/LAND');
    const trueDelayS = ((fault.failsafeUs ?? 0) - fault.startUs) / 1e6;
    expect(Math.abs((delayS?.value ?? Infinity) - trueDelayS)).toBeLessThanOrEqual(
      HEARTBEAT_PERIOD_S,
    );
    // The signed results name the log that dated the switch.
    const logSha256 = createHash('sha256').update(onboardLog).digest('hex');
    expect(result.evidence.notes.join(' ')).toContain(`onboard log (sha256 ${logSha256})`);
  }, 60_000);

  it('adds nothing when the same log is merged again', async () => {
    const again = await mergeOnboardLog(
      database.connection,
      flight.flightId,
      uploadedLog(onboardLog),
    );
    expect(again.added).toEqual([]);
  }, 60_000);

  it('refuses a log without a heartbeat of the flight’s vehicle', async () => {
    const other = new Simulator({
      vehicles: 1,
      scenario: 'clean',
      seed: 5,
      firstSysId: 9,
      durationS: 5,
    });
    other.advanceTo(other.nowUs + 5_000_000);
    const error = (await mergeOnboardLog(
      database.connection,
      flight.flightId,
      uploadedLog(other.onboardLogTlog(9)),
    ).catch((e: unknown) => e)) as HttpError;
    expect(error.status).toBe(422);
    expect(error.message).toMatch(/system 1/);
  });
});
