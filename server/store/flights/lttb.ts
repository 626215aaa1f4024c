/**
 * Largest-Triangle-Three-Buckets (Steinarsson 2013): keeps the first and last point and, from
 * each of `maxPoints - 2` equal buckets between them, the point that makes the largest
 * triangle with the point kept before it and the mean of the next bucket. The shape of a line
 * chart survives at a fraction of the points. Returns the indices kept, ascending.
 */
export function lttbIndices(
  t: ArrayLike<number>,
  v: ArrayLike<number>,
  maxPoints: number,
): number[] {
  const count = t.length;
  if (maxPoints >= count || maxPoints < 3) {
    if (maxPoints >= count) return Array.from({ length: count }, (_, i) => i);
    return count === 0 ? [] : maxPoints <= 1 ? [0] : [0, count - 1];
  }
  const kept: number[] = [0];
  const bucketSize = (count - 2) / (maxPoints - 2);
  let a = 0;
  for (let bucket = 0; bucket < maxPoints - 2; bucket++) {
    const start = Math.floor(bucket * bucketSize) + 1;
    const end = Math.floor((bucket + 1) * bucketSize) + 1;
    const nextStart = end;
    const nextEnd = Math.min(Math.floor((bucket + 2) * bucketSize) + 1, count);
    let meanT = 0;
    let meanV = 0;
    for (let i = nextStart; i < nextEnd; i++) {
      meanT += t[i] as number;
      meanV += v[i] as number;
    }
    const nextCount = Math.max(1, nextEnd - nextStart);
    meanT /= nextCount;
    meanV /= nextCount;
    const aT = t[a] as number;
    const aV = v[a] as number;
    let bestArea = -1;
    let best = start;
    for (let i = start; i < end; i++) {
      const area = Math.abs(
        (aT - meanT) * ((v[i] as number) - aV) - (aT - (t[i] as number)) * (meanV - aV),
      );
      if (area > bestArea) {
        bestArea = area;
        best = i;
      }
    }
    kept.push(best);
    a = best;
  }
  kept.push(count - 1);
  return kept;
}
