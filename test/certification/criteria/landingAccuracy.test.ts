import { describe, expect, it } from 'vitest';
import { latLonAt, syntheticFlight } from '../syntheticFlight.js';
import { runCriterion } from './runCriterion.js';

/** Truth: lands at (eastM, northM) from home and disarms at t = 50 s. */
function landingAt(eastM: number, northM: number) {
  return syntheticFlight({
    durationS: 60,
    armedUntilS: 50,
    state: (tS) =>
      tS < 40 ? { eastM: 30, northM: 30, altRelM: 20 } : { eastM, northM, altRelM: 0 },
  });
}

describe('landing-accuracy', () => {
  it('measures 1.5 m from home at disarm and passes the 2 m default', () => {
    const result = runCriterion('landing-accuracy', landingAt(0.9, 1.2));
    expect(result.measured).toBeCloseTo(1.5, 2);
    expect(result.verdict).toBe('pass');
  });

  it('measures from a declared pad instead of home', () => {
    const result = runCriterion('landing-accuracy', landingAt(10, 0), {
      params: { pad: latLonAt(7, 4) },
    });
    expect(result.measured).toBeCloseTo(5, 2);
    expect(result.verdict).toBe('fail');
  });

  it('is insufficient-data when the vehicle never disarms', () => {
    const flight = syntheticFlight({
      durationS: 30,
      armedUntilS: 31,
      state: () => ({ eastM: 0, northM: 0, altRelM: 0 }),
    });
    expect(runCriterion('landing-accuracy', flight).verdict).toBe('insufficient-data');
  });
});
