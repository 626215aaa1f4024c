import * as turf from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { FenceChecker } from '../../server/certification/fences/fenceChecker.js';
import { validateRangeFences } from '../../server/certification/fences/validateRangeFences.js';
import { latLonAt, seededRandom } from './syntheticFlight.js';

/**
 * The checker measures in an equirectangular projection about the range origin; Turf measures on
 * the sphere. Over a 3 km range they must agree to a fraction of a percent.
 */
const SEED = 20261126;

describe('local projection against Turf', () => {
  it(`agrees with Turf on inside/outside and distance to a 40-vertex polygon (seed ${SEED})`, () => {
    console.log(`fenceAgainstTurf seed ${SEED}`);
    const random = seededRandom(SEED);
    const vertices = Array.from({ length: 40 }, (_, k) => {
      const angle = (2 * Math.PI * k) / 40;
      const radiusM = 1200 + 300 * Math.sin(5 * angle);
      return latLonAt(radiusM * Math.cos(angle), radiusM * Math.sin(angle));
    });
    const fences = validateRangeFences({
      zones: [{ id: 'star', role: 'inclusion', shape: 'polygon', vertices }],
    });
    const checker = new FenceChecker(fences);
    const ring = [...vertices, vertices[0]].map((v) => [v!.lonDeg, v!.latDeg]);
    const polygon = turf.polygon([ring]);
    const boundary = turf.lineString(ring);
    for (let k = 0; k < 300; k++) {
      const position = latLonAt((random() - 0.5) * 3600, (random() - 0.5) * 3600);
      const point = turf.point([position.lonDeg, position.latDeg]);
      const turfInside = turf.booleanPointInPolygon(point, polygon);
      const turfDistanceM = turf.pointToLineDistance(point, boundary, { units: 'meters' });
      const status = checker.check({
        ...position,
        altRelM: null,
        vnMps: null,
        veMps: null,
        vdMps: null,
      });
      const ours = status.clearanceM as number;
      if (turfDistanceM > 0.5) expect(ours > 0).toBe(turfInside);
      expect(Math.abs(Math.abs(ours) - turfDistanceM)).toBeLessThan(0.002 * turfDistanceM + 0.05);
    }
  });
});
