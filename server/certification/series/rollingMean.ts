/**
 * Max and min of the mean of `values` over every trailing time window of `windowS` seconds that is
 * fully covered by samples (first sample at least windowS·coverage before the last). NaN values
 * are skipped. O(n) with two pointers.
 */
export interface RollingExtremes {
  max: number;
  maxEndUs: number;
  min: number;
  minEndUs: number;
  windows: number;
}

export function rollingMeanExtremes(
  tUs: Float64Array,
  values: Float64Array,
  from: number,
  to: number,
  windowS: number,
  coverage = 0.9,
): RollingExtremes {
  const windowUs = windowS * 1e6;
  const result: RollingExtremes = {
    max: -Infinity,
    maxEndUs: 0,
    min: Infinity,
    minEndUs: 0,
    windows: 0,
  };
  let start = from;
  let sum = 0;
  let count = 0;
  for (let end = from; end < to; end++) {
    const value = values[end] as number;
    if (!Number.isNaN(value)) {
      sum += value;
      count++;
    }
    const endUs = tUs[end] as number;
    while ((tUs[start] as number) < endUs - windowUs) {
      const leaving = values[start] as number;
      if (!Number.isNaN(leaving)) {
        sum -= leaving;
        count--;
      }
      start++;
    }
    const coveredUs = endUs - (tUs[start] as number);
    if (count === 0 || coveredUs < windowUs * coverage) continue;
    const mean = sum / count;
    result.windows++;
    if (mean > result.max) {
      result.max = mean;
      result.maxEndUs = endUs;
    }
    if (mean < result.min) {
      result.min = mean;
      result.minEndUs = endUs;
    }
  }
  return result;
}
