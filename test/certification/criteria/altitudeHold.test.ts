import { describe, expect, it } from 'vitest';
import { syntheticFlight } from '../syntheticFlight.js';
import { metricValue, runCriterion } from './runCriterion.js';

/** Truth: altitude 20 + A·sin(ωt) over whole periods has RMS error A/√2 and max error A. */
function altHoldFlight(amplitudeM: number) {
  return syntheticFlight({
    durationS: 70,
    modes: [
      { fromS: 0, mode: 'STABILIZE' },
      { fromS: 10, mode: 'ALT_HOLD' },
      { fromS: 63, mode: 'LAND' },
    ],
    state: (tS) => ({
      eastM: tS,
      northM: 0,
      altRelM: tS < 10 ? tS * 2 : 20 + amplitudeM * Math.sin((2 * Math.PI * (tS - 10)) / 5),
    }),
  });
}

describe('altitude-hold', () => {
  it('measures RMS A/√2 and max A against the declared target', () => {
    const result = runCriterion('altitude-hold', altHoldFlight(0.6), {
      params: { targetAltRelM: 20 },
    });
    expect(metricValue(result, 'RMS altitude error')).toBeCloseTo(0.6 / Math.SQRT2, 2);
    expect(metricValue(result, 'max altitude error')).toBeCloseTo(0.6, 2);
    expect(result.verdict).toBe('pass');
  });

  it('fails when the RMS error exceeds 0.5 m', () => {
    const result = runCriterion('altitude-hold', altHoldFlight(1), {
      params: { targetAltRelM: 20 },
    });
    expect(result.verdict).toBe('fail');
    expect(result.measured).toBeCloseTo(1 / Math.SQRT2, 2);
  });

  it('sees a constant offset from a declared target that the median would hide', () => {
    const result = runCriterion('altitude-hold', altHoldFlight(0), {
      params: { targetAltRelM: 22.5 },
    });
    expect(metricValue(result, 'max altitude error')).toBeCloseTo(2.5, 6);
    expect(result.verdict).toBe('fail');
  });
});
