import { describe, expect, it } from 'vitest';
import { bucketOverviewPoints } from '../../../server/store/flights/bucketOverviewPoints.js';
import { OVERVIEW_SLOTS_PER_BUCKET } from '../../../server/store/flights/telemetryOverview.js';
import {
  appendTimeValuePairs,
  decodeTimeValuePairs,
} from '../../../server/store/flights/timeValuePairs.js';

const T0_US = 1_780_000_000_000_001;

function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("a bucket's overview points", () => {
  it('keeps the ends, every slot’s lowest and highest, and only real samples', () => {
    const random = seededRandom(3);
    const tUs = Array.from({ length: 600 }, (_, i) => T0_US + i * 16_667);
    const column: (number | null)[] = tUs.map(() => random() * 10);
    column[311] = 500;
    column[417] = -500;

    const points = bucketOverviewPoints(tUs, column);

    expect(points.tUs.length).toBeLessThanOrEqual(2 * OVERVIEW_SLOTS_PER_BUCKET + 2);
    expect(points.tUs[0]).toBe(tUs[0]);
    expect(points.tUs.at(-1)).toBe(tUs.at(-1));
    expect(points.values).toContain(500);
    expect(points.values).toContain(-500);
    expect(points.tUs).toEqual([...points.tUs].sort((a, b) => a - b));
    points.tUs.forEach((t, i) => expect(column[tUs.indexOf(t)]).toBe(points.values[i]));
  });

  it('keeps every known sample of a short bucket and leaves out unknown ones', () => {
    const tUs = [T0_US, T0_US + 1e6, T0_US + 2e6, T0_US + 3e6];
    const points = bucketOverviewPoints(tUs, [1, null, 3, 4]);

    expect(points).toEqual({ tUs: [T0_US, T0_US + 2e6, T0_US + 3e6], values: [1, 3, 4] });
    expect(bucketOverviewPoints(tUs, [null, null, null, null])).toEqual({ tUs: [], values: [] });
  });

  it('stores points as bytes that read back exactly, appended in order', () => {
    const first = { tUs: [T0_US, T0_US + 100_000], values: [0.1 + 0.2, -1e-300] };
    const second = { tUs: [T0_US + 200_000], values: [Number.MAX_VALUE] };

    const bytes = appendTimeValuePairs(appendTimeValuePairs(undefined, first), second);

    expect(decodeTimeValuePairs(bytes)).toEqual({
      tUs: [...first.tUs, ...second.tUs],
      values: [...first.values, ...second.values],
    });
  });
});
