/**
 * Shrinks a series for drawing: per pixel-wide bucket keep the first, minimum and maximum points
 * (in time order), so spikes survive and a 1-hour flight draws as fast as a 1-minute one.
 * Nulls (gaps) are kept once per bucket so lines still break where data is missing.
 */
export function downsampleMinMax(
  times: ArrayLike<number>,
  values: ArrayLike<number | null>,
  bucketCount: number,
): { times: number[]; values: (number | null)[] } {
  const n = Math.min(times.length, values.length);
  if (n <= bucketCount * 3 || bucketCount < 1) {
    return { times: Array.from(times).slice(0, n), values: Array.from(values).slice(0, n) };
  }
  const outTimes: number[] = [];
  const outValues: (number | null)[] = [];
  const t0 = times[0]!;
  const span = times[n - 1]! - t0 || 1;
  let index = 0;
  for (let bucket = 0; bucket < bucketCount; bucket++) {
    const bucketEnd = t0 + (span * (bucket + 1)) / bucketCount;
    const start = index;
    let minIndex = -1;
    let maxIndex = -1;
    let gapIndex = -1;
    while (index < n && (times[index]! <= bucketEnd || bucket === bucketCount - 1)) {
      const value = values[index];
      if (value === null || value === undefined || Number.isNaN(value)) {
        if (gapIndex < 0) gapIndex = index;
      } else {
        if (minIndex < 0 || value < values[minIndex]!) minIndex = index;
        if (maxIndex < 0 || value > values[maxIndex]!) maxIndex = index;
      }
      index++;
    }
    if (index === start) continue;
    const keep = [...new Set([start, minIndex, maxIndex, gapIndex].filter((i) => i >= 0))].sort(
      (a, b) => a - b,
    );
    for (const i of keep) {
      outTimes.push(times[i]!);
      outValues.push(values[i] ?? null);
    }
  }
  return { times: outTimes, values: outValues };
}

/** Index of the last time ≤ t (0 when t is before the first): where the replay is. */
export function indexAtTime(times: ArrayLike<number>, t: number): number {
  let low = 0;
  let high = times.length - 1;
  if (high < 0 || t <= times[0]!) return 0;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (times[mid]! <= t) low = mid;
    else high = mid - 1;
  }
  return low;
}
