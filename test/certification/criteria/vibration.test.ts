import { describe, expect, it } from 'vitest';
import { sample, syntheticFlight } from '../syntheticFlight.js';
import { metricValue, runCriterion } from './runCriterion.js';

const VIBRATION = [
  'vibeXMps2',
  'vibeYMps2',
  'vibeZMps2',
  'clipping0',
  'clipping1',
  'clipping2',
] as const;

/** Truth: z peaks at `peakZ` at t = 30 s; clipping2 counts up 0 → 3 by t = 45 s. */
function vibratingFlight(peakZ: number) {
  const vibration = Array.from({ length: 61 }, (_, tS) =>
    sample(
      'vibration',
      tS,
      {
        vibeXMps2: 8,
        vibeYMps2: 9,
        vibeZMps2: tS === 30 ? peakZ : 20,
        clipping0: 0,
        clipping1: 0,
        clipping2: Math.min(3, Math.floor(tS / 15)),
      },
      VIBRATION,
    ),
  );
  return syntheticFlight({
    durationS: 60,
    extraSamples: vibration,
    state: () => ({ eastM: 0, northM: 0, altRelM: 20 }),
  });
}

describe('vibration', () => {
  it('passes 45 m/s² but notes it is above the 30 m/s² good level, counting 3 clips', () => {
    const result = runCriterion('vibration', vibratingFlight(45));
    expect(metricValue(result, 'max vibration z')).toBe(45);
    expect(metricValue(result, 'clipping increase')).toBe(3);
    expect(result.verdict).toBe('pass');
    expect(result.evidence.notes.join(' ')).toMatch(/above the 30/);
  });

  it('fails above 60 m/s²', () => {
    const result = runCriterion('vibration', vibratingFlight(65));
    expect(result.verdict).toBe('fail');
    expect(result.measured).toBe(65);
  });

  it('is insufficient-data without VIBRATION messages', () => {
    const flight = syntheticFlight({
      durationS: 10,
      state: () => ({ eastM: 0, northM: 0, altRelM: 5 }),
    });
    expect(runCriterion('vibration', flight).verdict).toBe('insufficient-data');
  });
});
