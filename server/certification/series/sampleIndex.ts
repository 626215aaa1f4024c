import type { Span } from './spans.js';

/** Index of the first sample at or after `tUs` (tUs sorted ascending); length if none. */
export function firstIndexAtOrAfter(tUs: Float64Array, t: number): number {
  let low = 0;
  let high = tUs.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((tUs[middle] as number) < t) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Index of the last sample at or before `t`, or -1. */
export function lastIndexAtOrBefore(tUs: Float64Array, t: number): number {
  return firstIndexAtOrAfter(tUs, t + 1) - 1;
}

/** Sample index range [from, to) of the samples inside a span. */
export function indexRange(tUs: Float64Array, span: Span): [number, number] {
  return [firstIndexAtOrAfter(tUs, span.startUs), firstIndexAtOrAfter(tUs, span.endUs)];
}

/** Calls `visit(i)` for every sample inside any of the spans, in time order. */
export function forEachIndexIn(
  tUs: Float64Array,
  spans: readonly Span[],
  visit: (i: number) => void,
) {
  for (const span of spans) {
    const [from, to] = indexRange(tUs, span);
    for (let i = from; i < to; i++) visit(i);
  }
}

/**
 * The longest stretch without a sample inside the spans [s], counting from each span's start to
 * its first sample and from its last sample to its end: a window with no data has a gap as long
 * as itself.
 */
export function longestGapS(
  tUs: Float64Array,
  spans: readonly Span[],
): { gapS: number; atUs: number } {
  let gapUs = 0;
  let atUs = spans[0]?.startUs ?? 0;
  for (const span of spans) {
    const [from, to] = indexRange(tUs, span);
    let previous = span.startUs;
    for (let i = from; i <= to; i++) {
      const t = i < to ? (tUs[i] as number) : span.endUs;
      if (t - previous > gapUs) {
        gapUs = t - previous;
        atUs = previous;
      }
      previous = t;
    }
  }
  return { gapS: gapUs / 1e6, atUs };
}
