import type { FlightEvent } from '../../../telemetry/model/flightEvent.js';
import type { AnySample } from '../../../telemetry/model/sample.js';
import { SAMPLE_KINDS, type SampleKind } from '../../../telemetry/model/sampleKinds.js';
import type { CriterionResult } from '../../../server/certification/criterionResult.js';
import type { RangeFences } from '../../../server/certification/fences/rangeFences.js';
import { flightDataFromSamples } from '../../../server/certification/flightData.js';
import { message } from '../../../server/certification/message.js';
import { renderReason } from '../../../server/certification/messageCatalog.js';
import { metric } from '../../../server/certification/outcome.js';
import type {
  ReportInput,
  ReportLanguage,
} from '../../../server/certification/reports/reportInput.js';

export const START_US = Date.UTC(2026, 10, 20, 1, 0, 0) * 1000;
export const HOME = { latDeg: 36.6, lonDeg: 127.3 };
/** Position rate of the synthetic flight [Hz]. */
export const POSITION_HZ = 5;
export const DURATION_S = 120;
/** Where the modes change [s after start]. */
export const RTL_AT_S = 70;
export const LAND_AT_S = 100;
export const BREACH_AT_S = 50;

const METRES_PER_DEG_LAT = 111_195;
/** ArduCopter custom_mode numbers the heartbeats carry. */
const ARDUCOPTER_LOITER = 5;
const ARDUCOPTER_RTL = 6;
const ARDUCOPTER_LAND = 9;

export function sample(
  kind: SampleKind,
  tUs: number,
  values: Record<string, number | null>,
): AnySample {
  const full = Object.fromEntries(
    (SAMPLE_KINDS[kind] as readonly string[]).map((channel) => [channel, values[channel] ?? null]),
  );
  return { kind, tUs, bootMs: null, sysId: 1, compId: 1, values: full } as AnySample;
}

function event(
  type: FlightEvent['type'],
  atS: number,
  message: string,
  severity = 6,
  data: FlightEvent['data'] = {},
): FlightEvent {
  return { type, tUs: START_US + atS * 1e6, sysId: 1, compId: 1, severity, message, data };
}

/** Flies east 100 m at 20 m up, then home; position, attitude, battery and heartbeats. */
export function syntheticSamples(): AnySample[] {
  const samples: AnySample[] = [];
  const metresPerDegLon = METRES_PER_DEG_LAT * Math.cos((HOME.latDeg * Math.PI) / 180);
  for (let k = 0; k <= DURATION_S * POSITION_HZ; k++) {
    const tS = k / POSITION_HZ;
    const tUs = START_US + tS * 1e6;
    const eastM = tS < RTL_AT_S ? Math.min(tS * 2, 100) : Math.max(100 - (tS - RTL_AT_S) * 4, 0);
    const altRelM = tS < 10 ? tS * 2 : tS < LAND_AT_S ? 20 : Math.max(20 - (tS - LAND_AT_S), 0);
    samples.push(
      sample('position', tUs, {
        latDeg: HOME.latDeg,
        lonDeg: HOME.lonDeg + eastM / metresPerDegLon,
        altMslM: 50 + altRelM,
        altRelM,
        headingDeg: 90,
      }),
      sample('attitude', tUs, { rollDeg: 2 * Math.sin(tS), pitchDeg: -3, yawDeg: 90 }),
      sample('hud', tUs, { groundSpeedMps: 2, climbMps: 0 }),
    );
    if (k % POSITION_HZ === 0) {
      samples.push(
        sample('system', tUs, {
          voltageV: 16.8 - tS * 0.01,
          currentA: 12,
          remainingPct: 100 - tS * 0.5,
        }),
        sample('heartbeat', tUs, {
          armed: 1,
          customMode:
            tS < RTL_AT_S ? ARDUCOPTER_LOITER : tS < LAND_AT_S ? ARDUCOPTER_RTL : ARDUCOPTER_LAND,
          baseMode: 0b1000_0001,
          systemStatus: 4,
          mavType: 2,
          autopilot: 3,
        }),
        sample('gps', tUs, { fixType: 3, satellites: 14, hdop: 0.8 }),
      );
    }
  }
  return samples;
}

export function syntheticEvents(): FlightEvent[] {
  return [
    event('arm', 0, 'Armed'),
    event('mode-change', 0, 'Mode LOITER', 6, { modeName: 'LOITER' }),
    event('fence-breach', BREACH_AT_S, 'Fence breach: zone-east by 3.2 m', 2, { zoneId: 'east' }),
    event('mode-change', RTL_AT_S, 'Mode LOITER → RTL', 6, { modeName: 'RTL' }),
    event('mode-change', LAND_AT_S, 'Mode RTL → LAND', 6, { modeName: 'LAND' }),
    event('disarm', DURATION_S, 'Disarmed'),
  ];
}

export const FENCES: RangeFences = {
  zones: [
    {
      id: 'field',
      name: 'Test field',
      role: 'inclusion',
      shape: 'polygon',
      vertices: [
        { latDeg: 36.599, lonDeg: 127.299 },
        { latDeg: 36.599, lonDeg: 127.302 },
        { latDeg: 36.601, lonDeg: 127.302 },
        { latDeg: 36.601, lonDeg: 127.299 },
      ],
    },
    {
      id: 'tower',
      role: 'exclusion',
      shape: 'circle',
      center: { latDeg: 36.6005, lonDeg: 127.3 },
      radiusM: 20,
    },
  ],
  inclusionCombine: 'intersection',
  floorM: null,
  ceilingM: 120,
  marginM: 2,
  reactionTimeS: 1,
  brakingDecelerationMps2: 3,
};

export function result(
  itemId: string,
  criterion: string,
  verdict: CriterionResult['verdict'],
  measured: number | null,
  threshold: number | null,
  unit: string,
): CriterionResult {
  const judged = metric('metric-max-altitude', measured, threshold, 'max', unit);
  const made: CriterionResult = {
    itemId,
    criterion,
    verdict,
    measured,
    threshold,
    unit,
    thresholdSource: 'default',
    metrics: [judged],
    window: {
      description: 'whole flight',
      descriptionMessage: message('window-whole-flight'),
      spans: [{ startUs: START_US, endUs: START_US + DURATION_S * 1e6 }],
    },
    evidence: {
      worst: measured === null ? null : { tUs: START_US + BREACH_AT_S * 1e6, value: measured },
      spans: [],
      points: [],
      sampleCount: DURATION_S * POSITION_HZ,
      notes: [],
      noteMessages: [],
    },
    coverage: { fraction: 1, channels: ['position'], minFraction: 0.8 },
    reason: '',
    reasonMessage: message('judged-metrics', { verdict }),
  };
  return { ...made, reason: renderReason(made, 'en') };
}

export function reportInput(
  lang: ReportLanguage,
  overrides: Partial<ReportInput> = {},
): ReportInput {
  const flightData = flightDataFromSamples(syntheticSamples(), syntheticEvents());
  return {
    flight: {
      id: '6750a1b2c3d4e5f601234567',
      vehicleName: 'Hanbit X8',
      vehicleSerial: 'HB-0042',
      vehicleModel: 'X8 Pro',
      makerName: '한빛드론',
      rangeName: 'Goheung range',
      rangeTimeZone: 'Asia/Seoul',
      sysId: 1,
      startedAt: new Date(START_US / 1000),
      endedAt: new Date(START_US / 1000 + DURATION_S * 1000),
    },
    evaluation: {
      id: '6750a1b2c3d4e5f60123abcd',
      version: 2,
      planName: 'Basic multicopter',
      planVersion: 3,
      createdAt: new Date(START_US / 1000 + 3_600_000),
      overallVerdict: 'fail',
      warnings: [],
      results: [
        result('speed', 'max-speed', 'pass', 2, 19, 'm/s'),
        result('fence', 'geofence', 'fail', 1, 0, ''),
        result('vibe', 'vibration', 'insufficient-data', null, 60, 'm/s²'),
      ],
      rawFramesSha256: 'a'.repeat(64),
      signatureSha256: '0123456789abcdef'.repeat(4),
      signed: null,
    },
    flightData,
    fences: FENCES,
    lang,
    ...overrides,
  };
}
