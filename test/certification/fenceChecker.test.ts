import { describe, expect, it } from 'vitest';
import { FenceChecker } from '../../server/certification/fences/fenceChecker.js';
import type { FencePosition } from '../../server/certification/fences/fenceStatus.js';
import { validateRangeFences } from '../../server/certification/fences/validateRangeFences.js';
import type { RangeFencesInput } from '../../server/certification/fences/rangeFences.js';
import { latLonAt } from './syntheticFlight.js';

/** A square of half-side `halfM` metres about (eastM, northM), counter-clockwise. */
function square(eastM: number, northM: number, halfM: number) {
  return [
    latLonAt(eastM - halfM, northM - halfM),
    latLonAt(eastM + halfM, northM - halfM),
    latLonAt(eastM + halfM, northM + halfM),
    latLonAt(eastM - halfM, northM + halfM),
  ];
}

function at(eastM: number, northM: number, more: Partial<FencePosition> = {}): FencePosition {
  return { ...latLonAt(eastM, northM), altRelM: 50, vnMps: 0, veMps: 0, vdMps: 0, ...more };
}

function checker(input: RangeFencesInput) {
  return new FenceChecker(validateRangeFences(input));
}

const box = {
  id: 'box',
  role: 'inclusion',
  shape: 'polygon',
  vertices: square(0, 0, 100),
} as const;

describe('FenceChecker with an inclusion polygon', () => {
  const fence = checker({ zones: [box] });

  it('is inside with the distance to the nearest edge as clearance', () => {
    const status = fence.check(at(0, 60));
    expect(status.state).toBe('inside');
    expect(status.clearanceM).toBeCloseTo(40, 1);
    expect(status.breachDistanceM).toBe(0);
  });

  it('warns within the 2 m default margin', () => {
    const status = fence.check(at(99, 0));
    expect(status.state).toBe('warning');
    expect(status.clearanceM).toBeCloseTo(1, 1);
  });

  it('reports a breach and how far beyond the polygon edge it is', () => {
    const status = fence.check(at(112, 0));
    expect(status.state).toBe('breach');
    expect(status.breachDistanceM).toBeCloseTo(12, 1);
    expect(status.breachedIds).toEqual(['box']);
  });

  it('measures a breach beyond a corner as the distance to the corner', () => {
    const status = fence.check(at(103, 104));
    expect(status.breachDistanceM).toBeCloseTo(5, 1);
  });
});

describe('FenceChecker with circles, exclusions and altitude limits', () => {
  it('breaches an inclusion circle outside its radius', () => {
    const fence = checker({
      zones: [{ id: 'c', role: 'inclusion', shape: 'circle', center: latLonAt(0, 0), radiusM: 50 }],
    });
    expect(fence.check(at(30, 0)).clearanceM).toBeCloseTo(20, 1);
    const outside = fence.check(at(0, -57));
    expect(outside.state).toBe('breach');
    expect(outside.breachDistanceM).toBeCloseTo(7, 1);
  });

  it('breaches an exclusion circle inside its radius', () => {
    const fence = checker({
      zones: [
        box,
        { id: 'tower', role: 'exclusion', shape: 'circle', center: latLonAt(20, 20), radiusM: 10 },
      ],
    });
    const status = fence.check(at(24, 20));
    expect(status.state).toBe('breach');
    expect(status.boundaryId).toBe('tower');
    expect(status.breachDistanceM).toBeCloseTo(6, 1);
  });

  it('breaches an exclusion polygon inside it and warns near it', () => {
    const fence = checker({
      zones: [
        box,
        { id: 'pad', role: 'exclusion', shape: 'polygon', vertices: square(-50, -50, 10) },
      ],
    });
    expect(fence.check(at(-50, -45)).state).toBe('breach');
    expect(fence.check(at(-50, -45)).breachDistanceM).toBeCloseTo(5, 1);
    const near = fence.check(at(-38.5, -50));
    expect(near.state).toBe('warning');
    expect(near.boundaryId).toBe('pad');
    expect(near.clearanceM).toBeCloseTo(1.5, 1);
  });

  it('checks the floor and the ceiling against the altitude above home', () => {
    const fence = checker({ zones: [box], floorM: 5, ceilingM: 100 });
    expect(fence.check(at(0, 0, { altRelM: 104 })).boundaryId).toBe('ceiling');
    expect(fence.check(at(0, 0, { altRelM: 104 })).breachDistanceM).toBeCloseTo(4, 6);
    expect(fence.check(at(0, 0, { altRelM: 3 })).breachedIds).toEqual(['floor']);
    expect(fence.check(at(0, 0, { altRelM: 99 })).state).toBe('warning');
    expect(fence.check(at(0, 0, { altRelM: null })).state).toBe('inside');
  });

  it('needs every inclusion zone by default and any one of them as a union', () => {
    const zones = [
      { id: 'west', role: 'inclusion', shape: 'polygon', vertices: square(-60, 0, 50) },
      { id: 'east', role: 'inclusion', shape: 'polygon', vertices: square(60, 0, 50) },
    ] as const;
    const inWestOnly = at(-60, 0);
    expect(checker({ zones: [...zones] }).check(inWestOnly).state).toBe('breach');
    expect(checker({ zones: [...zones] }).check(inWestOnly).breachedIds).toEqual(['east']);
    const union = checker({ zones: [...zones], inclusionCombine: 'union' });
    expect(union.check(inWestOnly).state).toBe('inside');
    expect(union.check(at(0, 80)).breachedIds).toEqual(['west', 'east']);
  });

  it('is inside with no clearance when the range has no fence', () => {
    const status = checker({ zones: [] }).check(at(0, 0));
    expect(status).toMatchObject({ state: 'inside', clearanceM: null });
  });
});

describe('predicted breach', () => {
  // Reaction 1 s and braking 3 m/s² (defaults): warn when time to boundary < 1 + v / 6.
  const fence = checker({ zones: [box] });

  it('predicts a breach 20 m from the edge closing at 10 m/s (2 s < 2.67 s)', () => {
    const status = fence.check(at(80, 0, { veMps: 10 }));
    expect(status.state).toBe('inside');
    expect(status.timeToBreachS).toBeCloseTo(2, 2);
    expect(status.predictedBreach).toBe(true);
  });

  it('does not predict one at 5 m/s from 20 m (4 s > 1.83 s)', () => {
    const status = fence.check(at(80, 0, { veMps: 5 }));
    expect(status.timeToBreachS).toBeCloseTo(4, 2);
    expect(status.predictedBreach).toBe(false);
  });

  it('uses the closing speed along the boundary normal only', () => {
    // 10 m/s at 60° to the normal closes at 5 m/s: 10 m away → 2 s > 1 + 5/6 s.
    const heading = (60 * Math.PI) / 180;
    const status = fence.check(
      at(90, 0, { veMps: 10 * Math.cos(heading), vnMps: 10 * Math.sin(heading) }),
    );
    expect(status.timeToBreachS).toBeCloseTo(2, 1);
    expect(status.predictedBreach).toBe(false);
  });

  it('has no time to breach when flying parallel to the edge', () => {
    const status = fence.check(at(95, 0, { vnMps: 15 }));
    expect(status.timeToBreachS).toBeNull();
    expect(status.predictedBreach).toBe(false);
  });

  it('predicts a ceiling breach from the climb rate', () => {
    const withCeiling = checker({ zones: [box], ceilingM: 60 });
    const status = withCeiling.check(at(0, 0, { altRelM: 55, vdMps: -4 }));
    expect(status.timeToBreachS).toBeCloseTo(1.25, 6);
    expect(status.timeToBreachBoundaryId).toBe('ceiling');
    expect(status.predictedBreach).toBe(true);
  });

  it('leaves the prediction off when velocity is unknown', () => {
    const status = fence.check(at(99, 0, { veMps: null, vnMps: null }));
    expect(status.predictedBreach).toBe(false);
    expect(status.timeToBreachS).toBeNull();
  });

  it('measures a far exclusion exactly even when the bounding-box prefilter skips it first', () => {
    const withFarExclusion = checker({
      zones: [{ id: 'far', role: 'exclusion', shape: 'polygon', vertices: square(500, 0, 10) }],
    });
    expect(withFarExclusion.check(at(0, 0)).clearanceM).toBeCloseTo(490, 0);
  });
});

describe('predicted breach of an exclusion circle', () => {
  it('predicts entering a no-fly circle head-on and not when flying away from it', () => {
    const fence = checker({
      zones: [
        box,
        { id: 'mast', role: 'exclusion', shape: 'circle', center: latLonAt(50, 0), radiusM: 20 },
      ],
    });
    // 8 m from the circle edge, closing at 6 m/s: 1.33 s < 1 + 6/6 = 2 s.
    const closing = fence.check(at(22, 0, { veMps: 6 }));
    expect(closing.timeToBreachBoundaryId).toBe('mast');
    expect(closing.timeToBreachS).toBeCloseTo(8 / 6, 2);
    expect(closing.predictedBreach).toBe(true);
    const leaving = fence.check(at(22, 0, { veMps: -6 }));
    expect(leaving.predictedBreach).toBe(false);
  });
});
