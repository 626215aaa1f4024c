import { describe, expect, it } from 'vitest';
import { syntheticFlight } from '../syntheticFlight.js';
import { metricValue, runCriterion } from './runCriterion.js';

/** Truth: climb 4 m/s for 10 s, a 1 s spike of 8 m/s that a 3 s mean smooths, descend 2 m/s. */
const flight = syntheticFlight({
  durationS: 60,
  modes: [{ fromS: 0, mode: 'GUIDED' }],
  state: (tS) => {
    const climbMps = tS < 10 ? 4 : tS >= 20 && tS < 21 ? 8 : tS >= 30 && tS < 50 ? -2 : 0;
    return { eastM: 0, northM: 0, altRelM: 10, vdMps: -climbMps };
  },
});

describe('climb-rate', () => {
  it('measures the steady climb and descent, not the 1 s spike', () => {
    const result = runCriterion('climb-rate', flight, {
      params: { maxClimbMps: 5, maxDescentMps: 3 },
    });
    expect(metricValue(result, 'max steady climb rate')).toBeCloseTo(4, 1);
    expect(metricValue(result, 'max steady descent rate')).toBeCloseTo(2, 1);
    expect(result.verdict).toBe('pass');
  });

  it('fails against a declared 3 m/s climb limit', () => {
    expect(runCriterion('climb-rate', flight, { params: { maxClimbMps: 3 } }).verdict).toBe('fail');
  });

  it('is not-applicable when the maker declared no limit', () => {
    expect(runCriterion('climb-rate', flight).verdict).toBe('not-applicable');
  });
});
