/** A half-open interval of flight time [startUs, endUs), µs since epoch. */
export interface Span {
  startUs: number;
  endUs: number;
}

export function spanDurationS(span: Span): number {
  return (span.endUs - span.startUs) / 1e6;
}

export function totalDurationS(spans: readonly Span[]): number {
  return spans.reduce((sum, span) => sum + spanDurationS(span), 0);
}

/** Intersection of two sorted, non-overlapping span lists. */
export function intersectSpans(a: readonly Span[], b: readonly Span[]): Span[] {
  const result: Span[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as Span;
    const y = b[j] as Span;
    const startUs = Math.max(x.startUs, y.startUs);
    const endUs = Math.min(x.endUs, y.endUs);
    if (startUs < endUs) result.push({ startUs, endUs });
    if (x.endUs < y.endUs) i++;
    else j++;
  }
  return result;
}

/** `spans` minus `removed`; both sorted and non-overlapping. */
export function subtractSpans(spans: readonly Span[], removed: readonly Span[]): Span[] {
  const result: Span[] = [];
  for (const span of spans) {
    let startUs = span.startUs;
    for (const cut of removed) {
      if (cut.endUs <= startUs || cut.startUs >= span.endUs) continue;
      if (cut.startUs > startUs) result.push({ startUs, endUs: cut.startUs });
      startUs = Math.max(startUs, cut.endUs);
    }
    if (startUs < span.endUs) result.push({ startUs, endUs: span.endUs });
  }
  return result;
}

/** Sorts and merges overlapping or touching spans. */
export function normalizeSpans(spans: readonly Span[]): Span[] {
  const sorted = spans
    .filter((span) => span.endUs > span.startUs)
    .sort((a, b) => a.startUs - b.startUs);
  const result: Span[] = [];
  for (const span of sorted) {
    const last = result[result.length - 1];
    if (last && span.startUs <= last.endUs) last.endUs = Math.max(last.endUs, span.endUs);
    else result.push({ ...span });
  }
  return result;
}

export function spanContains(spans: readonly Span[], tUs: number): boolean {
  for (const span of spans) if (tUs >= span.startUs && tUs < span.endUs) return true;
  return false;
}
