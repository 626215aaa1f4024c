import { minMaxIndices } from './minMaxPerBucket.js';
import { OVERVIEW_SLOTS_PER_BUCKET } from './telemetryOverview.js';
import type { TimeValuePoints } from './timeValuePairs.js';

/**
 * What one bucket's channel adds to the overview: its first and last known sample and, in each
 * of `OVERVIEW_SLOTS_PER_BUCKET` equal time slots, the lowest and highest (min/max per slot,
 * the same rule as `minmax` downsampling, so no spike is lost). A bucket with no more samples
 * than that keeps them all. Unknown (null) values are left out, as downsampling does.
 */
export function bucketOverviewPoints(
  tUs: readonly number[],
  column: readonly (number | null)[],
): TimeValuePoints {
  const knownT: number[] = [];
  const knownV: number[] = [];
  tUs.forEach((t, i) => {
    const value = column[i];
    if (value !== null && value !== undefined) {
      knownT.push(t);
      knownV.push(value);
    }
  });
  const count = knownT.length;
  const kept = new Set(minMaxIndices(knownT, knownV, 2 * OVERVIEW_SLOTS_PER_BUCKET));
  if (count > 0) kept.add(0).add(count - 1);
  const indices = [...kept].sort((a, b) => a - b);
  return {
    tUs: indices.map((i) => knownT[i] as number),
    values: indices.map((i) => knownV[i] as number),
  };
}
