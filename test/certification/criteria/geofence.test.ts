import { describe, expect, it } from 'vitest';
import { validateRangeFences } from '../../../server/certification/fences/validateRangeFences.js';
import { latLonAt, syntheticFlight } from '../syntheticFlight.js';
import { metricValue, runCriterion } from './runCriterion.js';

const fences = validateRangeFences({
  zones: [
    {
      id: 'range',
      role: 'inclusion',
      shape: 'polygon',
      vertices: [
        latLonAt(-100, -100),
        latLonAt(100, -100),
        latLonAt(100, 100),
        latLonAt(-100, 100),
      ],
    },
  ],
});

/**
 * Truth: east at 5 m/s from the centre: crosses the east edge (100 m) at t = 20 s, reaches 110 m
 * (10 m beyond) at t = 22 s; RTL at t = 23 s flies back, inside again at t = 24 s.
 */
const breachingFlight = syntheticFlight({
  durationS: 40,
  modes: [
    { fromS: 0, mode: 'GUIDED' },
    { fromS: 23, mode: 'RTL' },
  ],
  state: (tS) => {
    const eastM = tS <= 22 ? 5 * tS : Math.max(0, 110 - 5 * (tS - 22));
    return { eastM, northM: 0, altRelM: 30, veMps: tS <= 22 ? 5 : -5 };
  },
});

describe('geofence', () => {
  it('counts one breach of 10 m, 4 s outside, failsafe 3 s after the breach', () => {
    const result = runCriterion('geofence', breachingFlight, {
      fences,
      params: { maxFailsafeDelayS: 5 },
    });
    expect(metricValue(result, 'breaches')).toBe(1);
    expect(metricValue(result, 'max breach distance')).toBeCloseTo(10, 1);
    expect(metricValue(result, 'time outside')).toBeCloseTo(4, 0);
    expect(metricValue(result, 'worst time from breach to failsafe mode')).toBeCloseTo(3, 0);
    expect(result.verdict).toBe('fail');
    expect(result.evidence.spans).toHaveLength(1);
  });

  it('passes a flight that stays inside, counting its warning', () => {
    const staying = syntheticFlight({
      durationS: 40,
      state: (tS) => ({ eastM: Math.min(99, 5 * tS), northM: 0, altRelM: 30 }),
    });
    const result = runCriterion('geofence', staying, { fences });
    expect(result.verdict).toBe('pass');
    expect(metricValue(result, 'warnings')).toBe(1);
  });

  it('is insufficient-data without fences, never a silent pass', () => {
    expect(runCriterion('geofence', breachingFlight).verdict).toBe('insufficient-data');
  });
});
