import type { FenceVertex, FenceZone, RangeFences } from '../api/types';

/** A fence file as the admin picked it: what is sent on save, and the zones shown meanwhile. */
export interface FenceFile {
  fileName: string;
  /** The PUT body in the format the server reads (it validates and names what is wrong). */
  body: { format: 'geojson'; geojson: unknown } | { format: 'kml'; kml: string };
  preview: RangeFences;
}

type Role = FenceZone['role'];

function roleOf(value: unknown, name?: string): Role {
  if (typeof value === 'string' && /exclu/i.test(value)) return 'exclusion';
  if (name && /exclu|no[\s-]?fly|keep[\s-]?out/i.test(name)) return 'exclusion';
  return 'inclusion';
}

function ringVertices(ring: unknown): FenceVertex[] {
  if (!Array.isArray(ring)) return [];
  const vertices = ring
    .filter((p): p is number[] => Array.isArray(p) && typeof p[0] === 'number')
    .map(([lonDeg = 0, latDeg = 0]) => ({ latDeg, lonDeg }));
  const first = vertices[0];
  const last = vertices[vertices.length - 1];
  // GeoJSON and KML close a ring by repeating its first point; the zone model does not.
  if (
    first &&
    last &&
    vertices.length > 1 &&
    first.latDeg === last.latDeg &&
    first.lonDeg === last.lonDeg
  )
    vertices.pop();
  return vertices;
}

/**
 * The zones a GeoJSON text holds, read just well enough to draw them before saving: polygons
 * (holes as exclusions) and points with a radius. The server's reading is the one that counts.
 */
export function previewGeoJson(value: unknown): FenceZone[] {
  const zones: FenceZone[] = [];
  const visit = (node: unknown, properties: Record<string, unknown>) => {
    if (typeof node !== 'object' || node === null) return;
    const item = node as Record<string, unknown>;
    if (item.type === 'FeatureCollection' && Array.isArray(item.features)) {
      for (const feature of item.features) visit(feature, {});
      return;
    }
    if (item.type === 'Feature') {
      visit(item.geometry, (item.properties as Record<string, unknown> | null) ?? {});
      return;
    }
    const name = typeof properties.name === 'string' ? properties.name : undefined;
    const role = roleOf(properties.role ?? properties.type ?? properties.fence, name);
    const polygons =
      item.type === 'Polygon'
        ? [item.coordinates]
        : item.type === 'MultiPolygon'
          ? item.coordinates
          : [];
    for (const rings of Array.isArray(polygons) ? polygons : []) {
      (Array.isArray(rings) ? rings : []).forEach((ring, ringIndex) => {
        const vertices = ringVertices(ring);
        if (vertices.length >= 3)
          zones.push({
            id: `preview-${zones.length + 1}`,
            name,
            role: ringIndex === 0 ? role : 'exclusion',
            shape: 'polygon',
            vertices,
          });
      });
    }
    const radiusM = Number(properties.radiusM ?? properties.radius);
    if (item.type === 'Point' && Array.isArray(item.coordinates) && radiusM > 0) {
      const [lonDeg = 0, latDeg = 0] = item.coordinates as number[];
      zones.push({
        id: `preview-${zones.length + 1}`,
        name,
        role,
        shape: 'circle',
        center: { latDeg, lonDeg },
        radiusM,
      });
    }
  };
  visit(value, {});
  return zones;
}

/** The polygons of a KML text (outer and inner rings), for the preview. */
export function previewKml(text: string): FenceZone[] {
  const document = new DOMParser().parseFromString(text, 'application/xml');
  const zones: FenceZone[] = [];
  for (const placemark of Array.from(document.getElementsByTagName('Placemark'))) {
    const name = placemark.getElementsByTagName('name')[0]?.textContent ?? undefined;
    const roleData = Array.from(placemark.getElementsByTagName('Data')).find(
      (data) => data.getAttribute('name') === 'role',
    );
    const role = roleOf(roleData?.textContent, name);
    for (const polygon of Array.from(placemark.getElementsByTagName('Polygon'))) {
      for (const boundary of Array.from(polygon.children)) {
        const inner = boundary.localName === 'innerBoundaryIs';
        if (!inner && boundary.localName !== 'outerBoundaryIs') continue;
        const coordinates = boundary.getElementsByTagName('coordinates')[0]?.textContent ?? '';
        const ring = coordinates
          .trim()
          .split(/\s+/)
          .map((triple) => triple.split(',').map(Number));
        const vertices = ringVertices(ring);
        if (vertices.length >= 3)
          zones.push({
            id: `preview-${zones.length + 1}`,
            name,
            role: inner ? 'exclusion' : role,
            shape: 'polygon',
            vertices,
          });
      }
    }
  }
  return zones;
}

/** Reads a picked file into what is previewed and what is sent; null when it is neither format. */
export function readFenceFile(fileName: string, text: string): FenceFile | null {
  if (/\.kml$/i.test(fileName) || text.trimStart().startsWith('<')) {
    return { fileName, body: { format: 'kml', kml: text }, preview: { zones: previewKml(text) } };
  }
  try {
    const geojson: unknown = JSON.parse(text);
    return {
      fileName,
      body: { format: 'geojson', geojson },
      preview: { zones: previewGeoJson(geojson) },
    };
  } catch {
    return null;
  }
}
