import { describe, expect, it } from 'vitest';
import {
  alignClocks,
  ClockAlignmentError,
  emptyWitness,
  type ClockWitness,
} from '../../../server/flights/import/clockAlignment.js';

const SEED = 16;
/** mulberry32: a fixed-seed generator, so the jitter is the same on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A climb, hold and descent over 120 s [m]. */
const heightAt = (s: number) =>
  s < 0 || s > 120 ? 0 : Math.min(30, s, 120 - s) + 3 * Math.sin(s / 5);

describe('putting an onboard log on the flight’s clock', () => {
  it('by boot time when neither side has GPS time: the offset of the two boot stamps', () => {
    console.log(`seed ${SEED}`);
    const next = random(SEED);
    const live = emptyWitness();
    const onboard = emptyWitness();
    // Ground = boot + 1 000 s (+ up to 50 ms of link jitter); the log stamps boot + 7 s.
    for (let s = 0; s < 100; s++) {
      live.boot.push([1_000e6 + s * 1e6 + next() * 50_000, s * 1e6]);
      onboard.boot.push([7e6 + s * 1e6, s * 1e6]);
    }
    const clock = alignClocks(live, onboard);
    expect(clock.method).toBe('boot-time');
    expect(Math.abs(clock.offsetUs - (1_000e6 - 7e6 + 25_000))).toBeLessThan(10_000);
    expect(clock.residual).toBeLessThan(50_000);
  });

  it('refuses a clock that drifts more than a second over the log', () => {
    const live = emptyWitness();
    const onboard = emptyWitness();
    for (let s = 0; s < 600; s++) {
      // 2 000 ppm: 1.2 s over ten minutes.
      live.boot.push([s * 1e6 * 1.002, s * 1e6]);
      onboard.boot.push([s * 1e6, s * 1e6]);
    }
    expect(() => alignClocks(live, onboard)).toThrow(/drift 1\.\d s apart/);
  });

  it('by the altitude profile when no time is shared, to within one half-second step', () => {
    const live: ClockWitness = emptyWitness();
    const onboard: ClockWitness = emptyWitness();
    const trueOffsetUs = 5_000e6 + 12_300_000;
    for (let s = -20; s <= 140; s += 1) live.altitude.push([trueOffsetUs + s * 1e6, heightAt(s)]);
    for (let s = -10; s <= 130; s += 0.2) onboard.altitude.push([s * 1e6, heightAt(s)]);
    const clock = alignClocks(live, onboard);
    expect(clock.method).toBe('altitude-correlation');
    expect(Math.abs(clock.offsetUs - trueOffsetUs)).toBeLessThanOrEqual(500_000);
    expect(clock.residualUnit).toBe('m');
  });

  it('refuses a log whose altitude matches nowhere, in a sentence', () => {
    const live = emptyWitness();
    const onboard = emptyWitness();
    for (let s = 0; s <= 120; s++) live.altitude.push([s * 1e6, heightAt(s)]);
    for (let s = 0; s <= 120; s++) onboard.altitude.push([s * 1e6, 50 + 20 * Math.cos(s / 3)]);
    expect(() => alignClocks(live, onboard)).toThrow(ClockAlignmentError);
    expect(() => alignClocks(live, onboard)).toThrow(/cannot be placed/);
  });
});
