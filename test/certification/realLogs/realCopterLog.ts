import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../../server/config.js';
import {
  flightDataFromSamples,
  type FlightData,
} from '../../../server/certification/flightData.js';
import { decodeTlog, type DecodedTlog } from '../../../telemetry/mavlink/decodeTlog.js';

/** A real ArduCopter 3.2 session, Apache-2.0 (fixtures/NOTICE.md). */
export const COPTER_AC32_TLOG = join(
  PROJECT_ROOT,
  'fixtures/real-logs/copter-ac32-sik-radio-gcs-badcrc-mavlink1.tlog',
);

/** What pymavlink reads in the log (copter_ac32_truth.py). */
export interface CopterTruth {
  flights: {
    armUs: number;
    disarmUs: number;
    maxHeartbeatGapS: number;
    heartbeatUs: number[];
    modes: { tUs: number; mode: string }[];
    gpsSamples: number;
    gpsFixTypes: number[];
    gpsMaxHdop: number | null;
    gpsMinHdop: number | null;
    gpsMaxGapS: number | null;
  }[];
  params: Record<string, number>;
  mavTypes: number[];
}

/** Runs the pymavlink reader; fails (never skips) when python3 or pymavlink is missing. */
export function copterTruth(): CopterTruth {
  const run = spawnSync(
    'python3',
    [join(import.meta.dirname, 'copter_ac32_truth.py'), COPTER_AC32_TLOG],
    { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
  );
  if (run.status !== 0) throw new Error(`pymavlink truth failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as CopterTruth;
}

let decoded: Promise<DecodedTlog> | null = null;

/** The log as Sortie decodes it (once per test file). */
export function decodedCopterLog(): Promise<DecodedTlog> {
  decoded ??= decodeTlog(COPTER_AC32_TLOG);
  return decoded;
}

/**
 * One armed span of the vehicle (sysid 1, component 1) as a flight, from its first armed to its
 * first disarmed heartbeat. `dropoutS` removes every frame of the vehicle in [from, to) seconds
 * after arming, as a radio dropout would.
 */
export function flightFrom(
  log: DecodedTlog,
  span: { armUs: number; disarmUs: number },
  dropoutS: [number, number] | null = null,
): FlightData {
  const inFlight = (tUs: number) =>
    tUs >= span.armUs &&
    tUs <= span.disarmUs &&
    (dropoutS === null ||
      tUs < span.armUs + dropoutS[0] * 1e6 ||
      tUs >= span.armUs + dropoutS[1] * 1e6);
  const samples = log.samples.filter((s) => s.sysId === 1 && s.compId === 1 && inFlight(s.tUs));
  const events = log.events.filter((e) => e.sysId === 1 && inFlight(e.tUs));
  return flightDataFromSamples(samples, events, { startUs: span.armUs, endUs: span.disarmUs });
}
