import { localToGeo, type RangeOrigin } from './geo.js';

/**
 * The test range's fence: an inclusion square around the origin with an altitude floor and
 * ceiling above home. The simulated vehicles and `fixtures/ranges/default-range.json` use this
 * one definition, so a breach in the simulator is a breach for the server's fence checks too.
 */
export interface RangeFence {
  id: string;
  name: string;
  /** Half the side of the inclusion square [m]. */
  halfSideM: number;
  /** ArduPilot's FENCE_ALT_MIN default: GPS noise on the ground must not count as a breach. */
  floorRelM: number;
  ceilingRelM: number;
  /** Inside the margin is a warning, beyond the boundary a breach. */
  marginM: number;
  /** Closed ring of [lonDeg, latDeg], counter-clockwise as GeoJSON asks. */
  ringLonLat: [number, number][];
}

export const DEFAULT_FENCE_HALF_SIDE_M = 150;

export function defaultRangeFence(origin: RangeOrigin): RangeFence {
  const half = DEFAULT_FENCE_HALF_SIDE_M;
  const corners: [number, number][] = [
    [-half, -half],
    [half, -half],
    [half, half],
    [-half, half],
    [-half, -half],
  ];
  return {
    id: 'default-range',
    name: 'Default test range',
    halfSideM: half,
    floorRelM: -10,
    ceilingRelM: 100,
    marginM: 2,
    ringLonLat: corners.map(([eastM, northM]) => {
      const point = localToGeo(origin, eastM, northM);
      // 1e-9° is 0.1 mm: rounding keeps the GeoJSON readable without moving the fence.
      return [roundDeg(point.lonDeg), roundDeg(point.latDeg)];
    }),
  };
}

function roundDeg(deg: number): number {
  return Math.round(deg * 1e9) / 1e9;
}

/** True when a point in the origin's local frame is inside the square horizontally. */
export function isInsideFenceHorizontally(fence: RangeFence, eastM: number, northM: number) {
  return Math.abs(eastM) <= fence.halfSideM && Math.abs(northM) <= fence.halfSideM;
}

/** Horizontal distance beyond the square's boundary [m], 0 when inside. */
export function distanceOutsideFenceM(fence: RangeFence, eastM: number, northM: number): number {
  const outEastM = Math.max(0, Math.abs(eastM) - fence.halfSideM);
  const outNorthM = Math.max(0, Math.abs(northM) - fence.halfSideM);
  return Math.hypot(outEastM, outNorthM);
}

export interface FenceFeatureCollection {
  type: 'FeatureCollection';
  features: {
    type: 'Feature';
    properties: Record<string, string | number>;
    geometry: { type: 'Polygon'; coordinates: [number, number][][] };
  }[];
}

/** The fence as GeoJSON, the form ranges import fences from. */
export function rangeFenceToGeoJson(
  fence: RangeFence,
  origin: RangeOrigin,
): FenceFeatureCollection {
  return {
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        properties: {
          id: fence.id,
          name: fence.name,
          kind: 'inclusion',
          altitudeReference: 'home',
          floorRelM: fence.floorRelM,
          ceilingRelM: fence.ceilingRelM,
          marginM: fence.marginM,
          originLatDeg: origin.latDeg,
          originLonDeg: origin.lonDeg,
          originAltMslM: origin.altMslM,
        },
        geometry: { type: 'Polygon', coordinates: [fence.ringLonLat] },
      },
    ],
  };
}
