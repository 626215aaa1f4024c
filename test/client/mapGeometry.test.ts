import { describe, expect, it } from 'vitest';
import {
  gridLines,
  gridSpacingM,
  lonDegPerMetre,
  METRES_PER_DEG_LAT,
} from '../../client/src/map/metricGrid';
import { appendTrailPoint, trailSegments, type TrailPoint } from '../../client/src/live/trail';

describe('metric grid', () => {
  it('chooses 10, 100 or 1000 m lines so they stay readable at each zoom', () => {
    expect(gridSpacingM(0.1)).toBe(10);
    expect(gridSpacingM(1)).toBe(100);
    expect(gridSpacingM(10)).toBe(1000);
    expect(gridSpacingM(100)).toBe(10_000);
  });

  it('places lines at whole multiples of the spacing, so panning does not move them', () => {
    const stepDeg = 100 / METRES_PER_DEG_LAT;
    const lines = gridLines(37.5, 37.51, stepDeg);
    for (const line of lines)
      expect(Math.abs(line / stepDeg - Math.round(line / stepDeg))).toBeLessThan(1e-9);
    expect(lines.length).toBeGreaterThanOrEqual(11);
  });

  it('widens longitude steps with latitude', () => {
    expect(lonDegPerMetre(60) / lonDegPerMetre(0)).toBeCloseTo(2, 5);
  });
});

describe('trail', () => {
  it('drops points older than the window and skips repeats', () => {
    const trail: TrailPoint[] = [];
    for (let i = 0; i < 100; i++)
      appendTrailPoint(trail, { latDeg: 37 + i * 1e-5, lonDeg: 127, tMs: i * 1000 });
    appendTrailPoint(trail, { ...trail[trail.length - 1]!, tMs: 100_500 });
    expect(trail[0]!.tMs).toBe(39_000);
    expect(trail[trail.length - 1]!.tMs).toBe(99_000);
  });

  it('splits into pieces that share their end points', () => {
    const pieces = trailSegments([0, 1, 2, 3, 4, 5, 6, 7, 8], 4);
    expect(pieces).toHaveLength(4);
    expect(pieces[0]![0]).toBe(0);
    expect(pieces[3]![pieces[3]!.length - 1]).toBe(8);
    for (let i = 1; i < 4; i++)
      expect(pieces[i]![0]).toBe(pieces[i - 1]![pieces[i - 1]!.length - 1]);
  });
});
