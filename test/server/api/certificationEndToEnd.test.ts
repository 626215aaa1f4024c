import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { EntityId } from '../../../server/store/ids.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatorEndpoint } from '../../../ground-link/endpoints/simulatorEndpoint.js';
import type { InjectedFault } from '../../../ground-link/simulator/groundTruth.js';
import type { ScenarioName } from '../../../ground-link/simulator/scenarios.js';
import { createApiKey } from '../../../server/auth/apiKeys.js';
import type { CriterionResult } from '../../../server/certification/criterionResult.js';
import { parseFencesGeoJson } from '../../../server/certification/fences/parseFencesGeoJson.js';
import {
  evaluateFlight,
  listEvaluations,
  signatureMatches,
} from '../../../server/certification/evaluations/evaluationService.js';
import type { EvaluationView } from '../../../server/store/certification/evaluationView.js';
import { createTestPlan } from '../../../server/certification/evaluations/testPlanService.js';
import { PROJECT_ROOT } from '../../../server/config.js';
import { mergeOnboardLog } from '../../../server/flights/mergeOnboardLog.js';
import { openRawTlogStream } from '../../../server/store/flights/openRawTlogStream.js';
import { getModels } from '../../../server/store/models/models.js';
import { tempDirForFile } from '../../ground-link/support/tempDir.js';
import { openTestGroundLink } from '../../ground-link/support/testGroundLink.js';
import { IngestHarness } from '../ingest/ingestHarness.js';
import { uploadedLog } from '../flights/uploadedLog.js';

/** Message periods of the simulator's stream [s]: the tolerance of each evidence time. */
const HEARTBEAT_PERIOD_S = 1;
const POSITION_PERIOD_S = 0.1;
const SYS_STATUS_PERIOD_S = 0.5;
/**
 * Landing, the disarm grace, then loading a 4½-minute flight bucket by bucket and evaluating it:
 * tens of seconds on the embedded FerretDB of a two-core machine.
 */
const EVALUATION_WAIT_S = 150;

const PLAN = {
  id: 'failsafes',
  name: 'Failsafe behaviour',
  items: [
    { id: 'fence', criterion: 'geofence', params: { maxBreaches: 0 } },
    { id: 'link-loss', criterion: 'link-loss-rth', params: { maxModeChangeDelayS: 5 } },
    { id: 'battery', criterion: 'low-battery', params: {} },
    { id: 'height', criterion: 'height-ceiling', params: { maxAltRelM: 120 } },
    { id: 'link', criterion: 'link-integrity', params: {} },
  ],
};

/**
 * Whole chain: the simulator flies a scenario, a ground-link uplinks it to a real server, the
 * flight ends, the server evaluates it on its own against the vehicle's default plan.
 */
describe('simulated flights evaluated when they end', () => {
  const spool = tempDirForFile('certification-e2e');
  let harness: IngestHarness;
  let apiKey: string;
  let planId: string;

  beforeAll(async () => {
    harness = await IngestHarness.start('certificationE2e');
    const connection = harness.database.connection;
    const { Range, Vehicle } = getModels(connection);
    const geoJson = JSON.parse(
      readFileSync(join(PROJECT_ROOT, 'fixtures/ranges/default-range.json'), 'utf8'),
    );
    const range = await Range.create({
      name: 'Simulated range',
      origin: { latDeg: 36.3725, lonDeg: 127.3628, altMslM: 60 },
      fences: parseFencesGeoJson(geoJson),
      fencesVersion: 1,
    });
    const plan = await createTestPlan(connection, PLAN, null);
    planId = plan.planId;
    apiKey = (
      await createApiKey(connection, { name: 'sim link', rangeId: range._id.toHexString() })
    ).key;
    await Vehicle.create({
      name: 'Sim quad',
      serial: 'SIM-1',
      rangeId: range._id,
      sysId: 1,
      defaultTestPlanId: new EntityId(plan.planId),
    });
  }, 120_000);
  afterAll(async () => {
    await harness?.stop();
  });

  async function flyAndEvaluate(scenario: ScenarioName): Promise<{
    evaluation: EvaluationView;
    fault: InjectedFault | undefined;
    /** The drone's own log of the flight (.tlog bytes). */
    onboardLog: Uint8Array;
  }> {
    const linkId = `sim-${scenario}`;
    const source = new SimulatorEndpoint({
      simulator: { vehicles: 1, scenario, seed: 7 },
      speed: 'max',
    });
    const link = await openTestGroundLink({
      source,
      serverUrl: harness.url,
      apiKey,
      linkId,
      spoolDirectory: join(spool, linkId),
    });
    while (!source.simulator.done) await sleep(100);
    await link.router.close();
    const { Flight } = getModels(harness.database.connection);
    const deadline = Date.now() + EVALUATION_WAIT_S * 1000;
    while (Date.now() < deadline) {
      // The armed flight, not the minutes on the pad before it (stored as a flight of its own).
      const flights = await Flight.find({ linkId, armedAt: { $ne: null } }).lean();
      for (const flight of flights) {
        const [evaluation] = await listEvaluations(
          harness.database.connection,
          flight._id.toHexString(),
        );
        if (evaluation) {
          const fault = source.truth().vehicles[0]?.faults[0];
          return { evaluation, fault, onboardLog: source.simulator.onboardLogTlog(1) };
        }
      }
      await sleep(250);
    }
    throw new Error(`no evaluation of the ${scenario} flight within ${EVALUATION_WAIT_S} s`);
  }

  const verdicts = (evaluation: EvaluationView) =>
    Object.fromEntries(evaluation.results.map((r) => [r.itemId, r.verdict]));
  const result = (evaluation: EvaluationView, itemId: string) =>
    evaluation.results.find((r) => r.itemId === itemId) as CriterionResult;

  it('passes a clean flight', async () => {
    const { evaluation } = await flyAndEvaluate('clean');
    expect(evaluation.trigger).toBe('flight-end');
    expect(verdicts(evaluation)).toMatchObject({ fence: 'pass', height: 'pass', link: 'pass' });
    // Packet loss from the ground-link's sequence counters the flight keeps: nothing lost.
    expect(result(evaluation, 'link').metrics.find((m) => m.name === 'packet loss')?.value).toBe(0);
    expect(evaluation.overallVerdict).toBe('pass');
    // The signed raw-frame hash is the hash of the .tlog a download serves.
    const tlog = await openRawTlogStream(harness.database.connection, evaluation.flightId);
    const hash = createHash('sha256');
    for await (const chunk of tlog ?? []) hash.update(chunk as Buffer);
    expect(evaluation.rawFramesSha256).toBe(hash.digest('hex'));
    expect(await signatureMatches(harness.database.connection, evaluation)).toBe(true);
  }, 240_000);

  it('finds the link loss where the simulator cut the link, and passes the failsafe once the onboard log dates the switch', async () => {
    const { evaluation, fault, onboardLog } = await flyAndEvaluate('link-loss');
    if (fault?.kind !== 'link-loss')
      throw new Error(`expected a link-loss fault, got ${fault?.kind}`);
    const spans = result(evaluation, 'link-loss').evidence.spans;
    const loss = spans.find((s) => s.label === 'link lost');
    expect(Math.abs((loss?.startUs ?? 0) - fault.startUs) / 1e6).toBeLessThanOrEqual(
      HEARTBEAT_PERIOD_S,
    );
    // Live telemetry sees the vehicle already in RTL when the link comes back 15 s later: the
    // switch is bounded by the silence, not dated, so neither a pass nor a fail.
    expect(verdicts(evaluation)['link-loss']).toBe('insufficient-data');
    const bound = spans.find((s) => s.label.startsWith('loss → failsafe'));
    expect(Math.abs((bound?.endUs ?? 0) - (fault.endUs ?? 0)) / 1e6).toBeLessThanOrEqual(
      HEARTBEAT_PERIOD_S,
    );
    // The planned cut is the test, not a link defect.
    expect(verdicts(evaluation).link).toBe('pass');

    const connection = harness.database.connection;
    const merge = await mergeOnboardLog(connection, evaluation.flightId, uploadedLog(onboardLog));
    expect(merge.added.some((e) => e.type === 'mode-change')).toBe(true);
    const completed = await evaluateFlight(connection, evaluation.flightId, planId, {
      trigger: 'request',
    });
    expect(completed.version).toBe(evaluation.version + 1);
    expect(verdicts(completed)['link-loss']).toBe('pass');
    const failsafe = result(completed, 'link-loss').evidence.spans.find((s) =>
      s.label.startsWith('loss → failsafe'),
    );
    expect(Math.abs((failsafe?.endUs ?? 0) - (fault.failsafeUs ?? 0)) / 1e6).toBeLessThanOrEqual(
      HEARTBEAT_PERIOD_S,
    );
  }, 300_000);

  it('fails the geofence on a fence breach and dates the breach at the true crossing', async () => {
    const { evaluation, fault } = await flyAndEvaluate('fence-breach');
    expect(fault?.kind).toBe('fence-breach');
    expect(verdicts(evaluation).fence).toBe('fail');
    expect(evaluation.overallVerdict).toBe('fail');
    const breach = result(evaluation, 'fence').evidence.spans[0];
    const crossingUs = fault?.kind === 'fence-breach' ? fault.crossingUs : null;
    expect(Math.abs((breach?.startUs ?? 0) - (crossingUs ?? 0)) / 1e6).toBeLessThanOrEqual(
      POSITION_PERIOD_S,
    );
  }, 240_000);

  it('passes the low-battery failsafe, dating the crossing within one SYS_STATUS period and the RTL within one heartbeat', async () => {
    const { evaluation, fault } = await flyAndEvaluate('low-battery');
    if (fault?.kind !== 'low-battery')
      throw new Error(`expected a low-battery fault, got ${fault?.kind}`);
    expect(verdicts(evaluation).battery).toBe('pass');
    const span = result(evaluation, 'battery').evidence.spans[0];
    // PX4 rounds the charge up: its first report of 15 % follows the true crossing.
    const crossingLagS = ((span?.startUs ?? 0) - fault.startUs) / 1e6;
    expect(crossingLagS).toBeGreaterThanOrEqual(0);
    expect(crossingLagS).toBeLessThanOrEqual(SYS_STATUS_PERIOD_S);
    expect(Math.abs((span?.endUs ?? 0) - (fault.failsafeUs ?? 0)) / 1e6).toBeLessThanOrEqual(
      HEARTBEAT_PERIOD_S,
    );
  }, 240_000);
});
