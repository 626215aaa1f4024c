import { describe, expect, it } from 'vitest';
import { syntheticFlight } from '../syntheticFlight.js';
import { runCriterion } from './runCriterion.js';

/** Truth: armed 10–610 s, above 1 m from 15 s to 600 s, never faster than 3 m/s: 585 s airborne. */
const flight = syntheticFlight({
  durationS: 620,
  armedFromS: 10,
  armedUntilS: 610,
  state: (tS) => ({ eastM: 0, northM: 0, altRelM: tS >= 15 && tS < 600 ? 5 : 0 }),
});

describe('endurance', () => {
  it('counts 585 s airborne and passes a declared 580 s', () => {
    const result = runCriterion('endurance', flight, { params: { minAirborneS: 580 } });
    expect(result.measured).toBeCloseTo(585, 6);
    expect(result.verdict).toBe('pass');
  });

  it('fails a declared 600 s', () => {
    expect(runCriterion('endurance', flight, { params: { minAirborneS: 600 } }).verdict).toBe(
      'fail',
    );
  });
});
