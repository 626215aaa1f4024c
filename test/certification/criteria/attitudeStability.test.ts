import { describe, expect, it } from 'vitest';
import { sample, syntheticFlight } from '../syntheticFlight.js';
import { metricValue, runCriterion } from './runCriterion.js';

const ATTITUDE = [
  'rollDeg',
  'pitchDeg',
  'yawDeg',
  'rollRateDps',
  'pitchRateDps',
  'yawRateDps',
] as const;

/** Truth: tilt(roll 20°, pitch 30°) = arccos(cos 20° · cos 30°) = 35.53°; otherwise 3° and 4° → 5.0°. */
function tiltFlight(peakRollDeg: number, peakPitchDeg: number) {
  const attitude = [];
  for (let k = 0; k <= 600; k++) {
    const tS = k / 10;
    const peak = tS >= 40 && tS < 41;
    attitude.push(
      sample(
        'attitude',
        tS,
        { rollDeg: peak ? peakRollDeg : 3, pitchDeg: peak ? peakPitchDeg : 4, yawDeg: 0 },
        ATTITUDE,
      ),
    );
  }
  return syntheticFlight({
    durationS: 60,
    modes: [{ fromS: 0, mode: 'LOITER' }],
    extraSamples: attitude,
    state: () => ({ eastM: 0, northM: 0, altRelM: 20 }),
  });
}

describe('attitude-stability', () => {
  it('fails a 35.5° tilt against the 35° limit', () => {
    const result = runCriterion('attitude-stability', tiltFlight(20, 30));
    const expected =
      (Math.acos(Math.cos((20 * Math.PI) / 180) * Math.cos((30 * Math.PI) / 180)) * 180) / Math.PI;
    expect(result.measured).toBeCloseTo(expected, 6);
    expect(result.verdict).toBe('fail');
  });

  it('passes a 25° peak and reports the hover RMS tilt', () => {
    const result = runCriterion('attitude-stability', tiltFlight(25, 0), {
      params: { maxHoverTiltRmsDeg: 8 },
    });
    expect(result.verdict).toBe('pass');
    expect(metricValue(result, 'RMS tilt in hover')).toBeGreaterThan(5);
  });
});
