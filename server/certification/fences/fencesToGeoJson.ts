import type { RangeFences } from './rangeFences.js';

export interface FenceFeatureCollection {
  type: 'FeatureCollection';
  /** Range-wide settings; not standard GeoJSON, but kept by most tools and read back by us. */
  properties: {
    floorM: number | null;
    ceilingM: number | null;
    marginM: number;
    inclusionCombine: 'intersection' | 'union';
    reactionTimeS: number;
    brakingDecelerationMps2: number;
  };
  features: FenceFeature[];
}

export type FenceFeature =
  | {
      type: 'Feature';
      id: string;
      properties: { id: string; name?: string; role: 'inclusion' | 'exclusion' };
      geometry: { type: 'Polygon'; coordinates: [number, number][][] };
    }
  | {
      type: 'Feature';
      id: string;
      properties: { id: string; name?: string; role: 'inclusion' | 'exclusion'; radiusM: number };
      geometry: { type: 'Point'; coordinates: [number, number] };
    };

/** Fences as GeoJSON: polygons with closed rings, circles as Points with `radiusM`. */
export function fencesToGeoJson(fences: RangeFences): FenceFeatureCollection {
  return {
    type: 'FeatureCollection',
    properties: {
      floorM: fences.floorM,
      ceilingM: fences.ceilingM,
      marginM: fences.marginM,
      inclusionCombine: fences.inclusionCombine,
      reactionTimeS: fences.reactionTimeS,
      brakingDecelerationMps2: fences.brakingDecelerationMps2,
    },
    features: fences.zones.map((zone): FenceFeature => {
      const properties = {
        id: zone.id,
        ...(zone.name ? { name: zone.name } : {}),
        role: zone.role,
      };
      if (zone.shape === 'circle') {
        return {
          type: 'Feature',
          id: zone.id,
          properties: { ...properties, radiusM: zone.radiusM },
          geometry: { type: 'Point', coordinates: [zone.center.lonDeg, zone.center.latDeg] },
        };
      }
      const ring = zone.vertices.map((v): [number, number] => [v.lonDeg, v.latDeg]);
      const first = ring[0];
      return {
        type: 'Feature',
        id: zone.id,
        properties,
        geometry: { type: 'Polygon', coordinates: [first ? [...ring, first] : ring] },
      };
    }),
  };
}
