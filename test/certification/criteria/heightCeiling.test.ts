import { describe, expect, it } from 'vitest';
import { validateRangeFences } from '../../../server/certification/fences/validateRangeFences.js';
import { syntheticFlight } from '../syntheticFlight.js';
import { runCriterion } from './runCriterion.js';

/** Truth: a climb to a 110 m peak at t = 30 s. */
const flight = syntheticFlight({
  durationS: 60,
  state: (tS) => ({ eastM: 0, northM: 0, altRelM: 110 - Math.abs(tS - 30) * 3 }),
});

describe('height-ceiling', () => {
  it('passes a 110 m peak under the 120 m EU limit, with the peak as evidence', () => {
    const result = runCriterion('height-ceiling', flight);
    expect(result.measured).toBeCloseTo(110, 6);
    expect(result.verdict).toBe('pass');
    expect(result.evidence.worst?.tUs).toBe(flight.startUs + 30e6);
  });

  it('fails when the range fence ceiling (100 m) is lower', () => {
    const fences = validateRangeFences({ zones: [], ceilingM: 100 });
    const result = runCriterion('height-ceiling', flight, { fences });
    expect(result.threshold).toBe(100);
    expect(result.verdict).toBe('fail');
  });
});
