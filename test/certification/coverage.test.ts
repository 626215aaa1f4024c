import { describe, expect, it } from 'vitest';
import { CRITERION_IDS } from '../../server/certification/criteria/index.js';
import { evaluatePlan } from '../../server/certification/evaluatePlan.js';
import { parseTestPlan } from '../../server/certification/testPlan.js';
import { runCriterion } from './criteria/runCriterion.js';
import { syntheticFlight } from './syntheticFlight.js';

/** Truth: 100 s at 30 m, position at 10 Hz; `silentS` drops every position sample in it. */
function flight(silentS: [number, number] | null = null) {
  const base = syntheticFlight({
    durationS: 100,
    state: () => ({ eastM: 0, northM: 0, altRelM: 30 }),
  });
  if (!silentS) return base;
  const position = base.series.position!;
  const keep = Array.from(
    position.tUs,
    (t) => t < base.startUs + silentS[0] * 1e6 || t >= base.startUs + silentS[1] * 1e6,
  );
  const thinned = Object.fromEntries(
    Object.entries(position).map(([k, c]) => [k, c.filter((_: number, i: number) => keep[i])]),
  );
  return { ...base, series: { ...base.series, position: thinned as typeof position } };
}

describe('coverage', () => {
  it('is stated by every criterion: a fraction of its window and the channels it is about', () => {
    const plan = parseTestPlan({
      id: 'all',
      name: 'all',
      version: 1,
      items: CRITERION_IDS.map((criterion) => ({ id: criterion, criterion })),
    });
    for (const result of evaluatePlan(plan, flight())) {
      expect(result.coverage.channels.length, result.criterion).toBeGreaterThan(0);
      const { fraction } = result.coverage;
      if (fraction !== null) {
        expect(fraction, result.criterion).toBeGreaterThanOrEqual(0);
        expect(fraction, result.criterion).toBeLessThanOrEqual(1);
      }
    }
  });

  it('turns a fail into insufficient-data when the data cover less than the minimum', () => {
    // 30 m against a 20 m ceiling fails on the data there are, but 60 s of 100 s have none.
    const full = runCriterion('height-ceiling', flight(), { params: { maxAltRelM: 20 } });
    expect(full.verdict).toBe('fail');
    expect(full.coverage.fraction).toBe(1);
    const sparse = runCriterion('height-ceiling', flight([20, 80]), {
      params: { maxAltRelM: 20 },
    });
    expect(sparse.coverage.fraction).toBeCloseTo(0.42, 2);
    expect(sparse.verdict).toBe('insufficient-data');
    expect(sparse.reasonMessage.params).toMatchObject({ verdictOfCovered: 'fail', minPct: 80 });
    // The item may accept less.
    const accepted = parseTestPlan({
      id: 'p',
      name: 'p',
      version: 1,
      items: [
        {
          id: 'h',
          criterion: 'height-ceiling',
          params: { maxAltRelM: 20 },
          minCoverage: 0.4,
        },
      ],
    });
    expect(evaluatePlan(accepted, flight([20, 80]))[0]?.verdict).toBe('fail');
  });

  it('keeps a short silence covered: a sample vouches for the plan sample hold', () => {
    // 1.5 s without position: inside the 2 s hold, so nothing is missing.
    const result = runCriterion('height-ceiling', flight([50, 51.5]));
    expect(result.coverage.fraction).toBe(1);
  });
});

describe('plan versions stored before coverage settings existed', () => {
  it('are evaluated with the default minimum coverage, sample hold and failsafe timeout', () => {
    const current = parseTestPlan({
      id: 'p',
      name: 'p',
      version: 1,
      items: [{ id: 'h', criterion: 'height-ceiling', params: { maxAltRelM: 20 } }],
    });
    const { minCoverage: _m, sampleHoldS: _s, failsafeTimeoutS: _f, ...stored } = current;
    const sparse = flight([20, 80]);
    expect(evaluatePlan(stored as typeof current, sparse)).toEqual(evaluatePlan(current, sparse));
    expect(evaluatePlan(current, sparse)[0]?.verdict).toBe('insufficient-data');
  });
});
