import { CertificationInputError, type InputIssue } from '../inputError.js';
import type { FenceVertex, FenceZone, RangeFences } from './rangeFences.js';
import { radiusFrom, rangeSettingsFrom, roleFrom } from './rangeProperties.js';
import { validateFencesFrom, type ZoneSource } from './validateFencesFrom.js';

/**
 * Reads fences from KML: each Placemark's Polygon (outer ring; inner rings become exclusions) or
 * Point with a `radiusM` ExtendedData value (circle). The role comes from ExtendedData `role`, else
 * from a name like "exclusion" / "no-fly" / "keep-out", else inclusion. Range settings (floorM,
 * ceilingM, marginM …) come from the Document's ExtendedData. A small tag scanner rather than an
 * XML library: fence files use a tiny, regular part of KML.
 */
export function parseFencesKml(kml: string): RangeFences {
  if (typeof kml !== 'string' || !/<kml[\s>]/i.test(kml)) {
    throw new CertificationInputError('KML fences', [
      { path: '', message: 'not a KML document (no <kml> element)' },
    ]);
  }
  const issues: InputIssue[] = [];
  const zones: FenceZone[] = [];
  const sources: ZoneSource[] = [];
  const placemarks = elements(kml, 'Placemark');
  const beforeFirstPlacemark = kml.slice(0, placemarks[0]?.start ?? kml.length);
  const documentData = extendedDataOf(
    elements(beforeFirstPlacemark, 'ExtendedData')[0]?.body ?? '',
  );
  const settings = rangeSettingsFrom(documentData);

  placemarks.forEach(({ body }, placemarkIndex) => {
    const name = textOf(body, 'name');
    const label = `Placemark ${placemarkIndex}${name ? ` ("${name}")` : ''}`;
    const data = extendedDataOf(elements(body, 'ExtendedData')[0]?.body ?? '');
    const role =
      roleFrom(data) ??
      (name && /exclu|no[\s-]?fly|keep[\s-]?out/i.test(name) ? 'exclusion' : 'inclusion');
    const baseId = (typeof data.id === 'string' && data.id) || name || `zone-${placemarkIndex + 1}`;
    // The export writes the id as the name of an unnamed zone: do not invent a name from it.
    const zoneName = name && name !== baseId ? name : undefined;
    const polygons = elements(body, 'Polygon');
    polygons.forEach((polygon, polygonIndex) => {
      const id = polygons.length > 1 ? `${baseId}-${polygonIndex}` : baseId;
      const rings = [
        ...elements(polygon.body, 'outerBoundaryIs').map((ring) => ring.body),
        ...elements(polygon.body, 'innerBoundaryIs').map((ring) => ring.body),
      ];
      rings.forEach((ringBody, ringIndex) => {
        const ringLabel = `${label} polygon ${polygonIndex} ring ${ringIndex}`;
        const vertices = coordinatesOf(textOf(ringBody, 'coordinates') ?? '', ringLabel, issues);
        if (!vertices) return;
        zones.push({
          id: ringIndex === 0 ? id : `${id}-hole-${ringIndex}`,
          ...(zoneName ? { name: zoneName } : {}),
          role: ringIndex === 0 ? role : 'exclusion',
          shape: 'polygon',
          vertices,
        });
        sources.push({ zonePath: label, vertexPath: (k) => `${ringLabel} vertex ${k}` });
      });
    });
    const point = elements(body, 'Point')[0];
    if (point && polygons.length === 0) {
      const center = coordinatesOf(
        textOf(point.body, 'coordinates') ?? '',
        `${label} point`,
        issues,
      )?.[0];
      const radiusM = radiusFrom(data);
      if (radiusM === undefined) {
        issues.push({ path: label, message: 'a Point fence needs ExtendedData radiusM (metres)' });
      } else if (center) {
        zones.push({
          id: baseId,
          ...(zoneName ? { name: zoneName } : {}),
          role,
          shape: 'circle',
          center,
          radiusM,
        });
        sources.push({ zonePath: label, vertexPath: () => `${label} point` });
      }
    }
  });
  if (issues.length > 0) throw new CertificationInputError('KML fences', issues);
  return validateFencesFrom('KML fences', { ...settings, zones }, sources);
}

interface Element {
  start: number;
  body: string;
}

/** Every `<tag …>body</tag>` (namespace prefixes allowed), not nested in itself. */
function elements(xml: string, tag: string): Element[] {
  const pattern = new RegExp(`<(?:\\w+:)?${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</(?:\\w+:)?${tag}>`, 'g');
  return [...xml.matchAll(pattern)].map((match) => ({ start: match.index, body: match[1] ?? '' }));
}

function textOf(xml: string, tag: string): string | null {
  const body = elements(xml, tag)[0]?.body;
  if (body === undefined) return null;
  return unescapeXml(body.replace(/^\s*<!\[CDATA\[([\s\S]*)\]\]>\s*$/, '$1')).trim();
}

/** `<Data name="k"><value>v</value></Data>` and `<SimpleData name="k">v</SimpleData>`. */
function extendedDataOf(xml: string): Record<string, string> {
  const data: Record<string, string> = {};
  for (const match of xml.matchAll(/<Data\s+name="([^"]*)"[^>]*>([\s\S]*?)<\/Data>/g)) {
    data[unescapeXml(match[1] ?? '')] = textOf(match[2] ?? '', 'value') ?? '';
  }
  for (const match of xml.matchAll(/<SimpleData\s+name="([^"]*)"[^>]*>([\s\S]*?)<\/SimpleData>/g)) {
    data[unescapeXml(match[1] ?? '')] = unescapeXml(match[2] ?? '').trim();
  }
  return data;
}

/** KML coordinates: whitespace-separated `lon,lat[,alt]` tuples. */
function coordinatesOf(text: string, label: string, issues: InputIssue[]): FenceVertex[] | null {
  const tuples = text.split(/\s+/).filter((tuple) => tuple !== '');
  if (tuples.length === 0) {
    issues.push({ path: label, message: 'no <coordinates>' });
    return null;
  }
  const vertices: FenceVertex[] = [];
  for (const [k, tuple] of tuples.entries()) {
    const [lon, lat] = tuple.split(',').map(Number);
    if (lon === undefined || lat === undefined || !Number.isFinite(lon) || !Number.isFinite(lat)) {
      issues.push({ path: `${label} vertex ${k}`, message: `"${tuple}" is not lon,lat[,alt]` });
      return null;
    }
    vertices.push({ lonDeg: lon, latDeg: lat });
  }
  return vertices;
}

function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}
