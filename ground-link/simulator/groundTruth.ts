import type { RangeOrigin } from './geo.js';
import type { SimFlightMode } from './px4Modes.js';
import type { RangeFence } from './rangeFence.js';
import type { ScenarioName } from './scenarios.js';

/**
 * What really happened in a simulated flight, so tests and benchmarks can check Sortie's
 * view of the flight against it. Plain data: JSON.stringify round-trips it.
 * Times are ground times in µs since the Unix epoch, like `tUs` everywhere in Sortie.
 */
export interface GroundTruth {
  formatVersion: 1;
  scenario: ScenarioName;
  seed: number;
  startUs: number;
  /** Simulated time reached so far (the end of the flight once the simulator is done). */
  simulatedUntilUs: number;
  origin: RangeOrigin;
  fence: RangeFence;
  vehicles: VehicleTruth[];
}

/** `[tUs, latDeg, lonDeg, altRelM]`, the true position at 10 Hz. */
export type TruePositionSample = [number, number, number, number];

export interface VehicleTruth {
  sysId: number;
  compId: number;
  /** Whether this vehicle flies the scenario's faults (the others fly clean). */
  faulty: boolean;
  home: RangeOrigin;
  armUs: number | null;
  takeoffUs: number | null;
  landingUs: number | null;
  disarmUs: number | null;
  positions: TruePositionSample[];
  modes: { tUs: number; mode: SimFlightMode; customMode: number }[];
  faults: InjectedFault[];
  /** Every STATUSTEXT the autopilot sent, and whether the ground received it. */
  statusTexts: { tUs: number; severity: number; text: string; received: boolean }[];
  maxAltRelM: number;
  /** Horizontal length of the true path, summed over the 10 Hz samples [m]. */
  trackLengthM: number;
  batteryStartPct: number;
  batteryEndPct: number;
  /** GLOBAL_POSITION_INT frames that reached the ground. */
  globalPositionIntFrames: number;
  /** All frames that reached the ground, and those sent into a dead link. */
  framesReceived: number;
  framesLost: number;
}

export type InjectedFault =
  | {
      kind: 'link-loss';
      /** Last instant the ground could hear the vehicle; nothing arrives until endUs. */
      startUs: number;
      endUs: number | null;
      /** When the vehicle switched to RTL on its own. */
      failsafeUs: number | null;
    }
  | {
      kind: 'fence-breach';
      /** The position hold starts to drift outward. */
      startUs: number;
      /** The true position crosses the fence boundary (interpolated between steps). */
      crossingUs: number | null;
      failsafeUs: number | null;
      /** Back inside the fence. */
      endUs: number | null;
      maxOutsideM: number;
    }
  | {
      kind: 'low-battery';
      /** The true remaining charge goes below the threshold. */
      startUs: number;
      thresholdPct: number;
      failsafeUs: number | null;
      endUs: null;
    }
  | { kind: 'gps-loss'; startUs: number; endUs: number | null; fixTypeDuringLoss: number }
  | {
      kind: 'reboot';
      /** Last frame of the old boot. */
      startUs: number;
      /** First frame of the new boot. */
      endUs: number | null;
      bootMsBefore: number;
      bootMsAfter: number | null;
    };

export type FaultKind = InjectedFault['kind'];
