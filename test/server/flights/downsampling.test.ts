import { describe, expect, it } from 'vitest';
import { lttbIndices } from '../../../server/store/flights/lttb.js';
import { minMaxIndices } from '../../../server/store/flights/minMaxPerBucket.js';

const SEED = 20261127;

function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A noisy climb of `count` samples at 10 Hz with one spike at `spikeAt`. */
function noisySeries(count: number, spikeAt: number) {
  const random = seededRandom(SEED);
  const t = Array.from({ length: count }, (_, i) => i * 100_000);
  const v = t.map((_, i) => (i === spikeAt ? 500 : i * 0.01 + random()));
  return { t, v };
}

describe('downsampling (seed 20261127)', () => {
  it('LTTB keeps exactly maxPoints, the first and the last sample, in time order', () => {
    const { t, v } = noisySeries(36_001, 20_000);

    const kept = lttbIndices(t, v, 2000);

    expect(kept).toHaveLength(2000);
    expect(kept[0]).toBe(0);
    expect(kept.at(-1)).toBe(36_000);
    expect(kept.every((index, k) => k === 0 || index > (kept[k - 1] as number))).toBe(true);
    expect(kept).toContain(20_000);
  });

  it('min/max per bucket never drops a spike and stays within maxPoints', () => {
    const { t, v } = noisySeries(36_001, 12_345);

    const kept = minMaxIndices(t, v, 2000);

    expect(kept.length).toBeLessThanOrEqual(2000);
    expect(kept.length).toBeGreaterThan(1900);
    expect(kept).toContain(12_345);
    const lowest = v.indexOf(Math.min(...v));
    expect(kept).toContain(lowest);
  });

  it('returns every index when there are no more samples than points', () => {
    expect(lttbIndices([1, 2, 3], [1, 5, 2], 10)).toEqual([0, 1, 2]);
    expect(minMaxIndices([1, 2, 3], [1, 5, 2], 10)).toEqual([0, 1, 2]);
  });
});
