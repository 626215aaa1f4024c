import { describe, expect, it } from 'vitest';
import { syntheticFlight } from '../syntheticFlight.js';
import { runCriterion } from './runCriterion.js';

/**
 * Truth: cruise at 15 m/s with a burst at 25 m/s. The fastest 10 s mean holds the whole burst:
 * a 5 s burst gives (5·25 + 5·15)/10 = 20 m/s (fail at 19), a 2 s burst (2·25 + 8·15)/10 = 17.
 */
function burstFlight(burstS: number) {
  return syntheticFlight({
    durationS: 60,
    modes: [{ fromS: 0, mode: 'GUIDED' }],
    state: (tS) => ({
      eastM: 0,
      northM: 0,
      altRelM: 20,
      vnMps: tS >= 30 && tS < 30 + burstS ? 25 : 15,
    }),
  });
}

describe('max-speed', () => {
  it('fails when a 5 s burst lifts the 10 s mean to 20 m/s', () => {
    const result = runCriterion('max-speed', burstFlight(5));
    expect(result.measured).toBeCloseTo(20, 0);
    expect(result.verdict).toBe('fail');
  });

  it('passes when a 2 s burst only lifts the 10 s mean to 17 m/s', () => {
    const result = runCriterion('max-speed', burstFlight(2));
    expect(result.measured).toBeCloseTo(17, 0);
    expect(result.verdict).toBe('pass');
  });

  it('judges a low-speed mode test against 3 m/s', () => {
    expect(runCriterion('max-speed', burstFlight(0), { params: { maxSpeedMps: 3 } }).verdict).toBe(
      'fail',
    );
  });

  it('is insufficient-data when the window is shorter than the sustain time', () => {
    const result = runCriterion('max-speed', burstFlight(0), {
      window: { kind: 'time-range', startS: 0, endS: 5 },
    });
    expect(result.verdict).toBe('insufficient-data');
  });
});
