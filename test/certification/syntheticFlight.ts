import type { FlightEvent } from '../../telemetry/model/flightEvent.js';
import type { AnySample } from '../../telemetry/model/sample.js';
import type { ChannelOf, SampleKind } from '../../telemetry/model/sampleKinds.js';
import {
  flightDataFromSamples,
  type FlightData,
  type FlightDataExtras,
} from '../../server/certification/flightData.js';
import { localProjection, type LatLon } from '../../server/certification/localProjection.js';

/** Synthetic flights whose truth the tests know: every sample comes from a formula. */

export const ORIGIN: LatLon = { latDeg: 47.3977, lonDeg: 8.5456 };
export const START_US = 1_780_000_000_000_000;
const projection = localProjection(ORIGIN);

/** ArduCopter custom_mode numbers, so heartbeats go through telemetry's modeName like real ones. */
const COPTER_MODE = {
  STABILIZE: 0,
  ALT_HOLD: 2,
  AUTO: 3,
  GUIDED: 4,
  LOITER: 5,
  RTL: 6,
  LAND: 9,
  POSHOLD: 16,
} as const;
export type CopterMode = keyof typeof COPTER_MODE;

export interface VehicleState {
  eastM: number;
  northM: number;
  altRelM: number;
  vnMps?: number;
  veMps?: number;
  vdMps?: number;
}

export function sample<K extends SampleKind>(
  kind: K,
  tS: number,
  values: Partial<Record<ChannelOf<K>, number | null>>,
  channels: readonly ChannelOf<K>[],
): AnySample {
  const full = Object.fromEntries(channels.map((c) => [c, values[c] ?? null]));
  return {
    kind,
    tUs: usAt(tS),
    bootMs: null,
    sysId: 1,
    compId: 1,
    values: full,
  } as unknown as AnySample;
}

export function usAt(tS: number): number {
  return START_US + Math.round(tS * 1e6);
}

export function latLonAt(eastM: number, northM: number): LatLon {
  return projection.toLatLon(eastM, northM);
}

export interface SyntheticFlightSpec {
  durationS: number;
  positionHz?: number;
  state: (tS: number) => VehicleState;
  /** Mode from each time on. */
  modes?: { fromS: number; mode: CopterMode }[];
  armedFromS?: number;
  armedUntilS?: number;
  /** Seconds without heartbeats (link cut): [fromS, toS). */
  heartbeatSilences?: [number, number][];
  events?: FlightEvent[];
  extraSamples?: AnySample[];
  extras?: FlightDataExtras;
  /** HEARTBEAT type (MAV_TYPE); 2, a quadrotor, when absent. */
  mavType?: number;
}

const POSITION_CHANNELS = [
  'latDeg',
  'lonDeg',
  'altMslM',
  'altRelM',
  'vnMps',
  'veMps',
  'vdMps',
  'headingDeg',
] as const;
const HEARTBEAT_CHANNELS = [
  'armed',
  'baseMode',
  'customMode',
  'systemStatus',
  'mavType',
  'autopilot',
] as const;

export function syntheticFlight(spec: SyntheticFlightSpec): FlightData {
  const samples: AnySample[] = [];
  const rateHz = spec.positionHz ?? 10;
  const armedFromS = spec.armedFromS ?? 0;
  const armedUntilS = spec.armedUntilS ?? spec.durationS;
  for (let k = 0; k <= spec.durationS * rateHz; k++) {
    const tS = k / rateHz;
    const state = spec.state(tS);
    const { latDeg, lonDeg } = latLonAt(state.eastM, state.northM);
    samples.push(
      sample(
        'position',
        tS,
        {
          latDeg,
          lonDeg,
          altMslM: 400 + state.altRelM,
          altRelM: state.altRelM,
          vnMps: state.vnMps ?? 0,
          veMps: state.veMps ?? 0,
          vdMps: state.vdMps ?? 0,
          headingDeg: 0,
        },
        POSITION_CHANNELS,
      ),
    );
  }
  const modes = spec.modes ?? [{ fromS: 0, mode: 'LOITER' }];
  for (let tS = 0; tS <= spec.durationS; tS += 1) {
    if (spec.heartbeatSilences?.some(([from, to]) => tS >= from && tS < to)) continue;
    const mode = [...modes].reverse().find((m) => m.fromS <= tS)?.mode ?? 'STABILIZE';
    const armed = tS >= armedFromS && tS < armedUntilS;
    samples.push(
      sample(
        'heartbeat',
        tS,
        {
          armed: armed ? 1 : 0,
          baseMode: 1 | (armed ? 128 : 0),
          customMode: COPTER_MODE[mode],
          systemStatus: 4,
          mavType: spec.mavType ?? 2,
          autopilot: 3,
        },
        HEARTBEAT_CHANNELS,
      ),
    );
  }
  samples.push(...(spec.extraSamples ?? []));
  return flightDataFromSamples(samples, spec.events ?? [], {
    home: { ...ORIGIN, altMslM: 400 },
    ...spec.extras,
  });
}

/** Mulberry32: a small seeded generator, so random tests repeat exactly. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function gaussian(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}
