import { indexRange } from './sampleIndex.js';
import { totalDurationS, type Span } from './spans.js';

/** The plan's default: a sample vouches for this long after it [s]. */
export const DEFAULT_SAMPLE_HOLD_S = 2;

/**
 * Share of the spans' time that lies within `holdS` after a sample (the sample just before a
 * span vouches for its start). `usable(i)` leaves out samples whose values are unknown. A
 * ground clock that stamps frames in bursts leaves silences shorter than the hold: those stay
 * covered; a real dropout does not. null for empty spans.
 */
export function sampleCoverage(
  tUs: Float64Array | undefined,
  spans: readonly Span[],
  holdS: number,
  usable: (i: number) => boolean = () => true,
): number | null {
  const windowS = totalDurationS(spans);
  if (windowS <= 0) return null;
  if (!tUs || tUs.length === 0) return 0;
  const holdUs = holdS * 1e6;
  let coveredUs = 0;
  for (const span of spans) {
    const [from, to] = indexRange(tUs, span);
    let coveredUntilUs = span.startUs;
    for (let i = Math.max(0, from - 1); i < to; i++) {
      if (!usable(i)) continue;
      const startUs = Math.max(tUs[i] as number, coveredUntilUs);
      const endUs = Math.min((tUs[i] as number) + holdUs, span.endUs);
      if (endUs > startUs) {
        coveredUs += endUs - startUs;
        coveredUntilUs = endUs;
      }
    }
  }
  return Math.min(1, coveredUs / 1e6 / windowS);
}

/** Whether a column's value at i is known (not NaN). */
export function known(column: Float64Array): (i: number) => boolean {
  return (i) => !Number.isNaN(column[i] as number);
}
