import type { ClockAlignmentEvidence } from './onboardLogFiles.js';

/**
 * What one side (live telemetry, or the onboard log) knows of time, each as (own time, other
 * clock) pairs in time order: its record times against the vehicle's GPS UTC, against the
 * vehicle's time since boot, and its relative altitude for when neither is shared.
 */
export interface ClockWitness {
  /** [own tUs, UTC µs] */
  utc: [number, number][];
  /** [own tUs, boot µs] */
  boot: [number, number][];
  /** [own tUs, altRelM] */
  altitude: [number, number][];
}

export const emptyWitness = (): ClockWitness => ({ utc: [], boot: [], altitude: [] });

/** Between the offsets of the first and the last tenth of a log, more is a clock not to trust [µs]. */
export const MAX_CLOCK_DRIFT_US = 1_000_000;
/** An altitude match worse than this RMS is no match [m]. */
export const MAX_ALTITUDE_RESIDUAL_M = 3;
/** Fewer altitude points in common than this cannot place a log [points]. */
const MIN_ALTITUDE_POINTS = 20;
const ALTITUDE_STEP_US = 500_000;
/** An altitude profile that moves less than this says nothing about time [m]. */
const MIN_ALTITUDE_RANGE_M = 2;

export class ClockAlignmentError extends Error {}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const rms = (values: number[]): number =>
  Math.sqrt(values.reduce((sum, v) => sum + v * v, 0) / Math.max(1, values.length));

/**
 * own tUs − other clock, as one number, with its scatter and its drift over the side's span.
 * Null without pairs.
 */
function clockOffset(
  pairs: [number, number][],
): { offsetUs: number; residualUs: number; driftUs: number } | null {
  if (pairs.length === 0) return null;
  const differences = pairs.map(([t, c]) => t - c);
  const offsetUs = median(differences);
  const tenth = Math.max(1, Math.floor(differences.length / 10));
  const driftUs = Math.abs(median(differences.slice(-tenth)) - median(differences.slice(0, tenth)));
  return { offsetUs, residualUs: rms(differences.map((d) => d - offsetUs)), driftUs };
}

/**
 * The offset to add to the onboard log's times to put them on the flight's clock: by GPS time
 * where both sides have it, else by time since boot (the same boot: a log of another boot
 * lands elsewhere and fails the overlap check), else by sliding the log's altitude profile
 * along the flight's for the best match. Throws ClockAlignmentError with a sentence when no
 * method places the log, or its clock drifts past MAX_CLOCK_DRIFT_US.
 */
export function alignClocks(
  live: ClockWitness,
  onboard: ClockWitness,
  options: { recordTimesAreUtc?: boolean } = {},
): ClockAlignmentEvidence {
  for (const method of ['gps-time', 'boot-time'] as const) {
    const key = method === 'gps-time' ? 'utc' : 'boot';
    const liveOffset = clockOffset(live[key]);
    const onboardOffset = clockOffset(onboard[key]);
    if (!liveOffset || !onboardOffset) continue;
    const driftUs = Math.max(liveOffset.driftUs, onboardOffset.driftUs);
    if (driftUs > MAX_CLOCK_DRIFT_US) {
      throw new ClockAlignmentError(
        `The clocks drift ${(driftUs / 1e6).toFixed(1)} s apart over the log (by ${method === 'gps-time' ? 'GPS' : 'boot'} time), more than the ${MAX_CLOCK_DRIFT_US / 1e6} s Sortie trusts: its times cannot be put on the flight's.`,
      );
    }
    return {
      offsetUs: Math.round(liveOffset.offsetUs - onboardOffset.offsetUs),
      method,
      residual: Math.round(Math.hypot(liveOffset.residualUs, onboardOffset.residualUs)),
      residualUnit: 'us',
      pairs: Math.min(live[key].length, onboard[key].length),
    };
  }
  try {
    return alignByAltitude(live.altitude, onboard.altitude);
  } catch (error) {
    // A .tlog's records are stamped by the recording computer's UTC clock, as the ground's are:
    // with nothing shared to measure, they are taken as they are (the overlap check still holds).
    if (!options.recordTimesAreUtc) throw error;
    return { offsetUs: 0, method: 'record-time', residual: null, residualUnit: 'us', pairs: 0 };
  }
}

/** Altitude on an even time grid from `startUs`, NaN where no sample is near. */
function resample(series: [number, number][], startUs: number, count: number): Float64Array {
  const out = new Float64Array(count).fill(NaN);
  let j = 0;
  for (let i = 0; i < count; i++) {
    const t = startUs + i * ALTITUDE_STEP_US;
    while (j + 1 < series.length && series[j + 1]![0] <= t) j++;
    const a = series[j];
    const b = series[j + 1];
    if (!a || a[0] > t) continue;
    if (b && b[0] - a[0] <= 4 * ALTITUDE_STEP_US) {
      out[i] = a[1] + ((b[1] - a[1]) * (t - a[0])) / (b[0] - a[0]);
    } else if (t - a[0] <= ALTITUDE_STEP_US) {
      out[i] = a[1];
    }
  }
  return out;
}

function alignByAltitude(
  live: [number, number][],
  onboard: [number, number][],
): ClockAlignmentEvidence {
  const none = new ClockAlignmentError(
    'Neither GPS time nor boot time is shared by the log and the flight, and their altitude profiles do not match: this log cannot be placed on the flight (is it another flight’s?).',
  );
  if (live.length < 2 || onboard.length < 2) throw none;
  const liveStart = live[0]![0];
  const onboardStart = onboard[0]![0];
  const liveGrid = resample(
    live,
    liveStart,
    Math.ceil((live[live.length - 1]![0] - liveStart) / ALTITUDE_STEP_US) + 1,
  );
  const onboardGrid = resample(
    onboard,
    onboardStart,
    Math.ceil((onboard[onboard.length - 1]![0] - onboardStart) / ALTITUDE_STEP_US) + 1,
  );
  const range = (grid: Float64Array) => {
    const known = [...grid].filter((v) => !Number.isNaN(v));
    return known.length ? Math.max(...known) - Math.min(...known) : 0;
  };
  if (range(liveGrid) < MIN_ALTITUDE_RANGE_M || range(onboardGrid) < MIN_ALTITUDE_RANGE_M)
    throw none;
  // A match must cover half the shorter profile: a few seconds of both on the ground match anywhere.
  const known = (grid: Float64Array) => grid.reduce((n, v) => n + (Number.isNaN(v) ? 0 : 1), 0);
  const minPairs = Math.max(MIN_ALTITUDE_POINTS, Math.min(known(liveGrid), known(onboardGrid)) / 2);
  let best: { lag: number; residualM: number; pairs: number } | null = null;
  // lag: onboard index i sits at live index i + lag.
  for (let lag = -onboardGrid.length + 1; lag < liveGrid.length; lag++) {
    let sum = 0;
    let pairs = 0;
    for (let i = Math.max(0, -lag); i < onboardGrid.length && i + lag < liveGrid.length; i++) {
      const a = onboardGrid[i]!;
      const b = liveGrid[i + lag]!;
      if (Number.isNaN(a) || Number.isNaN(b)) continue;
      sum += (a - b) ** 2;
      pairs++;
    }
    if (pairs < minPairs) continue;
    const residualM = Math.sqrt(sum / pairs);
    if (!best || residualM < best.residualM) best = { lag, residualM, pairs };
  }
  if (!best || best.residualM > MAX_ALTITUDE_RESIDUAL_M) throw none;
  return {
    offsetUs: Math.round(liveStart + best.lag * ALTITUDE_STEP_US - onboardStart),
    method: 'altitude-correlation',
    residual: Math.round(best.residualM * 100) / 100,
    residualUnit: 'm',
    pairs: best.pairs,
  };
}

/** Collects a side's witness from its samples, one point per kind of time every half second. */
export class ClockWitnessCollector {
  readonly witness = emptyWitness();
  private readonly lastUs = { utc: -Infinity, boot: -Infinity, altitude: -Infinity };

  constructor(private readonly tUsIsUtc: boolean) {}

  add(sample: {
    kind: string;
    tUs: number;
    bootMs: number | null;
    values: Record<string, number | null>;
  }): void {
    const t = sample.tUs;
    if (sample.bootMs !== null && t - this.lastUs.boot >= ALTITUDE_STEP_US) {
      this.witness.boot.push([t, sample.bootMs * 1000]);
      this.lastUs.boot = t;
    }
    const utcUs = this.tUsIsUtc
      ? t
      : sample.kind === 'systemTime'
        ? sample.values.timeUnixUs
        : null;
    if (utcUs != null && utcUs > MIN_UTC_US && t - this.lastUs.utc >= ALTITUDE_STEP_US) {
      this.witness.utc.push([t, utcUs]);
      this.lastUs.utc = t;
    }
    const altRelM = sample.kind === 'position' ? sample.values.altRelM : null;
    if (
      altRelM != null &&
      Number.isFinite(altRelM) &&
      t - this.lastUs.altitude >= ALTITUDE_STEP_US
    ) {
      this.witness.altitude.push([t, altRelM]);
      this.lastUs.altitude = t;
    }
  }
}

/** Before this (2000-01-01) a UTC time is a receiver that has not got the time yet [µs]. */
const MIN_UTC_US = 946_684_800_000_000;
