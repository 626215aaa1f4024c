import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../server/db/connectDatabase.js';
import type { CriterionResult } from '../../../server/certification/criterionResult.js';
import type { Message } from '../../../server/certification/message.js';
import { renderMessage, renderReason } from '../../../server/certification/messageCatalog.js';
import { pdfReport } from '../../../server/certification/reports/pdf/pdfReport.js';
import {
  evaluateFlight,
  signatureMatches,
} from '../../../server/certification/evaluations/evaluationService.js';
import type { EvaluationView } from '../../../server/store/certification/evaluationView.js';
import { loadStoredFlightData } from '../../../server/store/certification/loadStoredFlightData.js';
import {
  listTestPlans,
  seedDefaultTestPlans,
} from '../../../server/certification/evaluations/testPlanService.js';
import { openTestDatabase } from '../../support/testDatabase.js';
import { popplerOutput } from '../reports/pdfText.js';
import { storeLandedFlight, type StoredFlight } from '../store/storedFlightFixture.js';
import { COPTER_AC32_TLOG, copterTruth, decodedCopterLog } from './realCopterLog.js';

/** pdftotext breaks lines where the layout does; compare text with whitespace squeezed out. */
function squeezed(text: string): string {
  return text.replace(/\s+/g, '');
}

/** Every sentence of a result that a report prints: reason, notes, metric names, labels, window. */
function sentencesOf(result: CriterionResult): { message: Message; reason?: CriterionResult }[] {
  return [
    { message: result.reasonMessage, reason: result },
    { message: result.window.descriptionMessage },
    ...result.evidence.noteMessages.map((message) => ({ message })),
    ...result.metrics.map((m) => ({ message: m.nameMessage })),
    ...result.evidence.spans.slice(0, 8).map((s) => ({ message: s.labelMessage })),
  ];
}

/**
 * A real ArduCopter flight stored as ingest stores one, its raw record the real .tlog plus one
 * PARAM_VALUE record pymavlink encodes (FS_GCS_TIMEOUT = 3 s), evaluated with the seeded plans.
 */
describe('evaluating a real ArduCopter flight', () => {
  let database: Database;
  let flight: StoredFlight;
  let planIds: Map<string, string>;
  let fixedWing: EvaluationView;

  beforeAll(async () => {
    database = await openTestDatabase('real-copter-evaluation');
    await seedDefaultTestPlans(database.connection);
    planIds = new Map(
      (await listTestPlans(database.connection)).map((plan) => [plan.key, plan.planId]),
    );
    const truth = copterTruth();
    const span = truth.flights[1]!;
    const log = await decodedCopterLog();
    const inFlight = (tUs: number) => tUs >= span.armUs && tUs <= span.disarmUs;
    const param = spawnSync(
      'python3',
      [
        join(import.meta.dirname, 'param_value_record.py'),
        'FS_GCS_TIMEOUT',
        '3',
        String(span.armUs + 1_000_000),
      ],
      { maxBuffer: 1024 * 1024 },
    );
    if (param.status !== 0) throw new Error(`pymavlink failed: ${String(param.stderr)}`);
    flight = await storeLandedFlight(
      database.connection,
      log.samples.filter((s) => s.sysId === 1 && s.compId === 1 && inFlight(s.tUs)),
      log.events.filter((e) => e.sysId === 1 && inFlight(e.tUs)),
      [readFileSync(COPTER_AC32_TLOG), param.stdout],
      { maker: 'DroneKit', vehicle: 'AC3.2 quad', range: 'Field' },
    );
    fixedWing = await evaluateFlight(
      database.connection,
      flight.flightId,
      planIds.get('fixed-wing')!,
      { trigger: 'request' },
    );
  }, 180_000);
  afterAll(async () => {
    await database?.close();
  });

  it('warns, in the signed evaluation, that a fixed-wing plan was applied to a multicopter', async () => {
    expect(fixedWing.warnings).toEqual([
      {
        code: 'plan-vehicle-class-mismatch',
        params: { planClass: 'fixed-wing', flownClass: 'multicopter' },
      },
    ]);
    expect(fixedWing.signed?.document.warnings).toEqual(fixedWing.warnings);
    expect(await signatureMatches(database.connection, fixedWing)).toBe(true);
    expect(await signatureMatches(database.connection, { ...fixedWing, warnings: [] })).toBe(false);
  });

  it('gives no warning with the multicopter plan', async () => {
    const evaluation = await evaluateFlight(
      database.connection,
      flight.flightId,
      planIds.get('default')!,
      { trigger: 'request' },
    );
    expect(evaluation.warnings).toEqual([]);
  });

  it("judges link loss against the vehicle's FS_GCS_TIMEOUT from the raw record", () => {
    const loss = fixedWing.results.find((r) => r.criterion === 'link-loss-rth')!;
    expect(loss.evidence.noteMessages[0]).toEqual({
      code: 'note-failsafe-timeout-vehicle',
      params: { timeoutS: 3, parameter: 'FS_GCS_TIMEOUT' },
    });
    const link = fixedWing.results.find((r) => r.criterion === 'link-integrity')!;
    expect(link.metrics.map((m) => m.name)).toContain('link losses longer than 3 s');
  });

  it('writes the Korean report without an English reason, note or metric name', async () => {
    const flightData = await loadStoredFlightData(database.connection.db!, {
      flightId: flight.flightId,
      linkId: 'link-test',
      sysId: 1,
      compId: 1,
    });
    const pdf = await pdfReport({
      flight: {
        id: flight.flightId,
        vehicleName: 'AC3.2 quad',
        vehicleSerial: null,
        vehicleModel: null,
        makerName: 'DroneKit',
        rangeName: 'Field',
        rangeTimeZone: 'UTC',
        sysId: 1,
        startedAt: new Date(flightData.startUs / 1000),
        endedAt: new Date(flightData.endUs / 1000),
      },
      evaluation: { ...fixedWing, planName: 'fixed-wing' },
      flightData,
      fences: null,
      lang: 'ko',
    });
    const flat = squeezed(await popplerOutput('pdftotext', pdf));
    expect(flat).toContain(squeezed(renderMessage(fixedWing.warnings[0]!, 'ko')));
    let checked = 0;
    for (const result of fixedWing.results) {
      for (const { message, reason } of sentencesOf(result)) {
        const korean = reason ? renderReason(reason, 'ko') : renderMessage(message, 'ko');
        const english = reason ? renderReason(reason, 'en') : renderMessage(message, 'en');
        expect(flat, `${result.itemId}: ${message.code}`).toContain(squeezed(korean));
        if (english === korean) continue;
        expect(flat, `${result.itemId}: ${message.code}`).not.toContain(squeezed(english));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(40);
    expect(flat).toContain(squeezed('데이터 포함률'));
    expect(flat).toContain(squeezed('평가 구간의 100.0 %(위치)'));
    expect(flat).not.toContain('(position)');
  });
});
