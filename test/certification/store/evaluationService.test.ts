import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../server/db/connectDatabase.js';
import type { HttpError } from '../../../server/http/httpError.js';
import { getModels } from '../../../server/store/models/models.js';
import { getCertificationModels } from '../../../server/store/models/certificationModels.js';
import {
  evaluateFlight,
  getEvaluation,
  listEvaluations,
  signatureMatches,
} from '../../../server/certification/evaluations/evaluationService.js';
import { RAW_CHUNK_BYTES } from '../../../server/store/flights/rawTlogStore.js';
import {
  createTestPlan,
  getTestPlanVersion,
  reviseTestPlan,
} from '../../../server/certification/evaluations/testPlanService.js';
import { openTestDatabase } from '../../support/testDatabase.js';
import { FENCES, syntheticEvents, syntheticSamples } from '../reports/reportFixture.js';
import { storeLandedFlight, type StoredFlight } from './storedFlightFixture.js';

/** The synthetic flight holds 2 m/s and 20 m up for most of it. */
function speedAndHeightPlan(key: string, maxSpeedMps: number, maxAltRelM: number) {
  return {
    id: key,
    name: `Speed and height ${key}`,
    items: [
      { id: 'speed', criterion: 'max-speed', params: { maxSpeedMps, sustainS: 5 } },
      { id: 'height', criterion: 'height-ceiling', params: { maxAltRelM, useFenceCeiling: false } },
    ],
  };
}

describe('evaluation store', () => {
  let database: Database;
  let flight: StoredFlight;
  /** Two pieces, the first longer than a GridFS chunk, so hashing crosses chunk and piece edges. */
  const rawPieces = [randomBytes(RAW_CHUNK_BYTES + 1234), randomBytes(999)];

  beforeAll(async () => {
    database = await openTestDatabase('evaluations');
    flight = await storeLandedFlight(
      database.connection,
      syntheticSamples(),
      syntheticEvents(),
      rawPieces,
      {
        maker: 'Hanbit',
        vehicle: 'X8',
        range: 'Goheung',
        fences: FENCES,
      },
    );
  });
  afterAll(async () => {
    await database?.close();
  });

  it('evaluates the stored flight and signs the raw-frame hash, the plan version and the results', async () => {
    const plan = await createTestPlan(
      database.connection,
      speedAndHeightPlan('pass', 19, 120),
      null,
    );
    const evaluation = await evaluateFlight(database.connection, flight.flightId, plan.planId, {
      trigger: 'request',
    });
    expect(evaluation.results.map((r) => [r.itemId, r.verdict])).toEqual([
      ['speed', 'pass'],
      ['height', 'pass'],
    ]);
    expect(evaluation.results[1]?.measured).toBeCloseTo(20, 6);
    expect(evaluation.overallVerdict).toBe('pass');
    expect(evaluation.rawFramesSha256).toBe(
      createHash('sha256').update(Buffer.concat(rawPieces)).digest('hex'),
    );
    expect(evaluation.planVersion).toBe(1);
    expect(evaluation.fences?.zones.map((z) => z.id)).toEqual(['field', 'tower']);
    expect(await signatureMatches(database.connection, evaluation)).toBe(true);
    expect(
      await signatureMatches(database.connection, {
        ...evaluation,
        rawFramesSha256: '0'.repeat(64),
      }),
    ).toBe(false);
    const tampered = structuredClone(evaluation);
    tampered.results[0]!.measured = 1;
    expect(await signatureMatches(database.connection, tampered)).toBe(false);
    const stored = await getModels(database.connection).Flight.findById(flight.flightId).lean();
    expect(stored).toMatchObject({ status: 'evaluated', verdict: 'pass' });
  });

  it('fails the flight when a threshold is tighter than what it flew', async () => {
    const plan = await createTestPlan(
      database.connection,
      speedAndHeightPlan('strict', 1, 15),
      null,
    );
    const evaluation = await evaluateFlight(database.connection, flight.flightId, plan.planId, {
      trigger: 'request',
    });
    expect(evaluation.results.map((r) => r.verdict)).toEqual(['fail', 'fail']);
    expect(evaluation.overallVerdict).toBe('fail');
    const stored = await getModels(database.connection).Flight.findById(flight.flightId).lean();
    expect(stored?.verdict).toBe('fail');
  });

  it('freezes the plan version it used: an edit after it makes a new version', async () => {
    const plan = await createTestPlan(
      database.connection,
      speedAndHeightPlan('freeze', 19, 120),
      null,
    );
    const first = await evaluateFlight(database.connection, flight.flightId, plan.planId, {
      trigger: 'request',
    });
    const revised = await reviseTestPlan(
      database.connection,
      plan.planId,
      speedAndHeightPlan('freeze', 1, 120),
      null,
    );
    expect(revised.version).toBe(2);
    expect((await getTestPlanVersion(database.connection, plan.planId, 1)).frozen).toBe(true);
    const second = await evaluateFlight(database.connection, flight.flightId, plan.planId, {
      trigger: 'request',
    });
    expect([first.planVersion, second.planVersion]).toEqual([1, 2]);
    expect([first.overallVerdict, second.overallVerdict]).toEqual(['pass', 'fail']);
    expect((await getEvaluation(database.connection, first.id)).overallVerdict).toBe('pass');
  });

  it('numbers re-evaluations of a flight as new versions and keeps every one', async () => {
    const plan = await createTestPlan(
      database.connection,
      speedAndHeightPlan('again', 19, 120),
      null,
    );
    const a = await evaluateFlight(database.connection, flight.flightId, plan.planId, {
      trigger: 'request',
    });
    const b = await evaluateFlight(database.connection, flight.flightId, plan.planId, {
      trigger: 'flight-end',
    });
    expect(b.version).toBe(a.version + 1);
    // Same flight, same plan version: same results, so the same signature.
    expect(b.signatureSha256).toBe(a.signatureSha256);
    const versions = (await listEvaluations(database.connection, flight.flightId)).map(
      (e) => e.version,
    );
    expect(versions).toEqual([...versions].sort((x, y) => y - x));
    expect(versions).toContain(a.version);
    expect(new Set(versions).size).toBe(versions.length);
  });

  it('refuses to change a stored evaluation', async () => {
    const [latest] = await listEvaluations(database.connection, flight.flightId);
    const { Evaluation } = getCertificationModels(database.connection);
    await expect(
      Evaluation.updateOne({ _id: latest!.id }, { $set: { overallVerdict: 'pass' } }),
    ).rejects.toThrow(/immutable/);
    await expect(
      Evaluation.findOneAndUpdate({ _id: latest!.id }, { $set: { version: 99 } }),
    ).rejects.toThrow(/immutable/);
    const document = await Evaluation.findById(latest!.id);
    document!.set('overallVerdict', 'pass');
    await expect(document!.save()).rejects.toThrow(/immutable/);
    expect((await getEvaluation(database.connection, latest!.id)).overallVerdict).toBe(
      latest!.overallVerdict,
    );
  });

  it('refuses a flight that is still in the air, and unknown flights or plans', async () => {
    const plan = await createTestPlan(
      database.connection,
      speedAndHeightPlan('live', 19, 120),
      null,
    );
    const { Flight } = getModels(database.connection);
    const live = await Flight.create({
      vehicleId: flight.vehicleId,
      linkId: 'link-live',
      sysId: 2,
      compId: 1,
      status: 'live',
      startedAt: new Date(),
      lastHeardAt: new Date(),
    });
    const refused = await evaluateFlight(database.connection, live._id.toHexString(), plan.planId, {
      trigger: 'request',
    }).catch((e: unknown) => e);
    expect((refused as HttpError).status).toBe(409);
    const unknownFlight = await evaluateFlight(
      database.connection,
      '0123456789abcdef01234567',
      plan.planId,
      {
        trigger: 'request',
      },
    ).catch((e: unknown) => e);
    expect((unknownFlight as HttpError).status).toBe(404);
    const unknownPlan = await evaluateFlight(
      database.connection,
      flight.flightId,
      '0123456789abcdef01234567',
      {
        trigger: 'request',
      },
    ).catch((e: unknown) => e);
    expect((unknownPlan as HttpError).status).toBe(404);
  });
});
