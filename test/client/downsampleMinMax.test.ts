import { describe, expect, it } from 'vitest';
import { downsampleMinMax, indexAtTime } from '../../client/src/display/downsampleMinMax';

function sine(n: number): { times: number[]; values: number[] } {
  const times = Array.from({ length: n }, (_, i) => i * 0.1);
  return { times, values: times.map((t) => Math.sin(t / 10)) };
}

describe('downsampleMinMax', () => {
  it('returns a short series unchanged', () => {
    const { times, values } = sine(50);
    expect(downsampleMinMax(times, values, 100)).toEqual({ times, values });
  });

  it('keeps at most three points per bucket, in time order', () => {
    const { times, values } = sine(36_000);
    const shown = downsampleMinMax(times, values, 500);
    expect(shown.times.length).toBeLessThanOrEqual(1500);
    expect(shown.times.length).toBeGreaterThan(500);
    for (let i = 1; i < shown.times.length; i++) {
      expect(shown.times[i]!).toBeGreaterThan(shown.times[i - 1]!);
    }
  });

  it('keeps a one-sample spike and the global extremes', () => {
    const { times, values } = sine(36_000);
    values[12_345] = 40;
    values[20_000] = -40;
    const shown = downsampleMinMax(times, values, 300);
    expect(Math.max(...(shown.values as number[]))).toBe(40);
    expect(Math.min(...(shown.values as number[]))).toBe(-40);
    expect(shown.times).toContain(times[12_345]);
  });

  it('keeps a gap as a null so the line breaks there', () => {
    const { times, values } = sine(10_000);
    const withGap: (number | null)[] = [...values];
    for (let i = 5000; i < 5100; i++) withGap[i] = null;
    const shown = downsampleMinMax(times, withGap, 200);
    expect(shown.values).toContain(null);
  });
});

describe('indexAtTime', () => {
  const times = [10, 20, 30, 40];

  it('finds the last sample at or before the time', () => {
    expect(indexAtTime(times, 25)).toBe(1);
    expect(indexAtTime(times, 30)).toBe(2);
    expect(indexAtTime(times, 99)).toBe(3);
  });

  it('answers 0 before the first sample and for an empty series', () => {
    expect(indexAtTime(times, 5)).toBe(0);
    expect(indexAtTime([], 5)).toBe(0);
  });
});
