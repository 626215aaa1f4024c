import { describe, expect, it } from 'vitest';
import { sample, syntheticFlight, type CopterMode } from '../syntheticFlight.js';
import { metricValue, runCriterion } from './runCriterion.js';

const SYSTEM = ['voltageV', 'currentA', 'remainingPct', 'loadPct', 'dropRateCommPct'] as const;

/** Truth: charge = 100 − t %, so it crosses 15 % at t = 85 s; disarm at t = 95 s with 5 %. */
function drainingFlight(rtlAtS: number | null) {
  const modes: { fromS: number; mode: CopterMode }[] = [{ fromS: 0, mode: 'LOITER' }];
  if (rtlAtS !== null) modes.push({ fromS: rtlAtS, mode: 'RTL' });
  return syntheticFlight({
    durationS: 100,
    armedUntilS: 95,
    modes,
    extraSamples: Array.from({ length: 101 }, (_, tS) =>
      sample(
        'system',
        tS,
        { voltageV: 16, currentA: 20, remainingPct: 100 - tS, loadPct: 30, dropRateCommPct: 0 },
        SYSTEM,
      ),
    ),
    state: () => ({ eastM: 0, northM: 0, altRelM: 20 }),
  });
}

describe('low-battery', () => {
  it('measures 2 s from crossing 15 % to RTL and 5 % at touchdown', () => {
    const result = runCriterion('low-battery', drainingFlight(87));
    expect(metricValue(result, 'time from low battery to RTL/LAND')).toBeCloseTo(2, 6);
    expect(metricValue(result, 'charge at touchdown')).toBe(5);
    expect(result.verdict).toBe('pass');
  });

  it('fails when no failsafe follows the crossing', () => {
    expect(runCriterion('low-battery', drainingFlight(null)).verdict).toBe('fail');
  });

  it('is not-applicable when the charge never reaches the threshold', () => {
    const result = runCriterion('low-battery', drainingFlight(87), {
      params: { lowThresholdPct: 2 },
    });
    expect(result.verdict).toBe('not-applicable');
  });

  it('is insufficient-data without battery data', () => {
    const flight = syntheticFlight({
      durationS: 10,
      state: () => ({ eastM: 0, northM: 0, altRelM: 5 }),
    });
    expect(runCriterion('low-battery', flight).verdict).toBe('insufficient-data');
  });
});
