import type { FenceVertex, FenceZone, RangeFences } from '../api/types';

type Position = [number, number, ...number[]];

/** A GeoJSON ring as fence vertices: lon/lat swapped to lat/lon, the closing vertex dropped. */
function ringVertices(ring: Position[]): FenceVertex[] {
  const vertices = ring.map(([lonDeg, latDeg]) => ({ latDeg, lonDeg }));
  const first = vertices[0];
  const last = vertices[vertices.length - 1];
  if (
    first &&
    last &&
    vertices.length > 1 &&
    first.latDeg === last.latDeg &&
    first.lonDeg === last.lonDeg
  ) {
    vertices.pop();
  }
  return vertices;
}

function roleOf(properties: Record<string, unknown> | null | undefined): 'inclusion' | 'exclusion' {
  const text = String(properties?.role ?? properties?.type ?? properties?.kind ?? '').toLowerCase();
  return text.includes('exclu') ? 'exclusion' : 'inclusion';
}

/**
 * Reads polygons (and points with a `radiusM` as circles) from a GeoJSON FeatureCollection. The
 * server validates the result and explains, in its own words, what is wrong with it.
 */
export function fencesFromGeoJson(text: string): RangeFences {
  const parsed = JSON.parse(text) as {
    features?: {
      geometry?: { type: string; coordinates: unknown };
      properties?: Record<string, unknown>;
    }[];
    geometry?: unknown;
  };
  const features = parsed.features ?? [parsed as never];
  const zones: FenceZone[] = [];
  features.forEach((feature, index) => {
    const geometry = feature.geometry;
    if (!geometry) return;
    const id = String(feature.properties?.id ?? `zone-${index + 1}`);
    const name =
      feature.properties?.name === undefined ? undefined : String(feature.properties.name);
    const role = roleOf(feature.properties);
    if (geometry.type === 'Polygon') {
      const [outer] = geometry.coordinates as Position[][];
      if (outer) zones.push({ id, name, role, shape: 'polygon', vertices: ringVertices(outer) });
    } else if (geometry.type === 'MultiPolygon') {
      (geometry.coordinates as Position[][][]).forEach(([outer], part) => {
        if (outer) {
          zones.push({
            id: `${id}-${part + 1}`,
            name,
            role,
            shape: 'polygon',
            vertices: ringVertices(outer),
          });
        }
      });
    } else if (geometry.type === 'Point' && typeof feature.properties?.radiusM === 'number') {
      const [lonDeg, latDeg] = geometry.coordinates as Position;
      zones.push({
        id,
        name,
        role,
        shape: 'circle',
        center: { latDeg, lonDeg },
        radiusM: feature.properties.radiusM,
      });
    }
  });
  return { zones };
}

/** Reads the outer boundary of every Placemark polygon in a KML document. */
export function fencesFromKml(text: string): RangeFences {
  const document = new DOMParser().parseFromString(text, 'application/xml');
  if (document.querySelector('parsererror'))
    throw new Error('The KML file is not well-formed XML.');
  const zones: FenceZone[] = [];
  document.querySelectorAll('Placemark').forEach((placemark, index) => {
    const name = placemark.querySelector('name')?.textContent?.trim();
    const coordinates = placemark.querySelector('outerBoundaryIs coordinates, Polygon coordinates');
    if (!coordinates?.textContent) return;
    const ring = coordinates.textContent
      .trim()
      .split(/\s+/)
      .map((tuple) => tuple.split(',').map(Number) as Position);
    const description = placemark.querySelector('description')?.textContent ?? '';
    zones.push({
      id: `zone-${index + 1}`,
      name: name || undefined,
      role: roleOf({ role: `${name ?? ''} ${description}` }),
      shape: 'polygon',
      vertices: ringVertices(ring),
    });
  });
  return { zones };
}
