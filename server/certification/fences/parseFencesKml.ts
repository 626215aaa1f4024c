import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { CertificationInputError, type InputIssue } from '../inputError.js';
import type { FenceVertex, FenceZone, RangeFences } from './rangeFences.js';
import { radiusFrom, rangeSettingsFrom, roleFrom } from './rangeProperties.js';
import { validateFencesFrom, type ZoneSource } from './validateFencesFrom.js';

/** An element as fast-xml-parser's ordered output gives it: one key (the tag) plus attributes. */
interface XmlNode {
  tag: string;
  attributes: Record<string, string>;
  children: XmlNode[];
  /** Text and CDATA directly inside this element. */
  text: string;
}

const MAX_NESTED_TAGS = 64;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  cdataPropName: '#cdata',
  maxNestedTags: MAX_NESTED_TAGS,
  // KML needs only the five predefined entities; a DOCTYPE's own are bounded so they cannot explode.
  processEntities: {
    enabled: true,
    maxEntityCount: 20,
    maxEntitySize: 1000,
    maxTotalExpansions: 1000,
    maxExpandedLength: 100_000,
  },
});

/**
 * Reads fences from KML: each Placemark's Polygon (outer ring; inner rings become exclusions) or
 * Point with a `radiusM` ExtendedData value (circle). The role comes from ExtendedData `role`, else
 * from a name like "exclusion" / "no-fly" / "keep-out", else inclusion. Range settings (floorM,
 * ceilingM, marginM …) come from the Document's ExtendedData. The document is checked and parsed
 * by an XML parser (linear in its size, nesting bounded), so a malformed file is refused with the
 * line and column at fault rather than read as "no fences". A Placemark with neither a Polygon
 * nor a Point (e.g. a misspelt tag) is an error; a document without any Placemark gives no zones,
 * which the caller decides about.
 */
export function parseFencesKml(kml: string): RangeFences {
  const root = parseXml(kml);
  const kmlElement = root.find((node) => node.tag === 'kml');
  if (!kmlElement) {
    throw new CertificationInputError('KML fences', [
      { path: '', message: 'not a KML document (no <kml> element)' },
    ]);
  }
  const issues: InputIssue[] = [];
  const zones: FenceZone[] = [];
  const sources: ZoneSource[] = [];
  const document = descendants(kmlElement, 'Document')[0] ?? kmlElement;
  const settings = rangeSettingsFrom(
    extendedDataOf(document.children.find((c) => c.tag === 'ExtendedData')),
  );

  descendants(kmlElement, 'Placemark').forEach((placemark, placemarkIndex) => {
    const name = textOf(placemark.children.find((c) => c.tag === 'name'));
    const label = `Placemark ${placemarkIndex}${name ? ` ("${name}")` : ''}`;
    const data = extendedDataOf(placemark.children.find((c) => c.tag === 'ExtendedData'));
    const role =
      roleFrom(data) ??
      (name && /exclu|no[\s-]?fly|keep[\s-]?out/i.test(name) ? 'exclusion' : 'inclusion');
    const baseId = (typeof data.id === 'string' && data.id) || name || `zone-${placemarkIndex + 1}`;
    // The export writes the id as the name of an unnamed zone: do not invent a name from it.
    const zoneName = name && name !== baseId ? name : undefined;
    const polygons = descendants(placemark, 'Polygon');
    const point = descendants(placemark, 'Point')[0];
    if (polygons.length === 0 && !point) {
      issues.push({
        path: label,
        message:
          'has neither a <Polygon> nor a <Point>: a fence zone needs one (tag names are case-sensitive)',
      });
      return;
    }
    polygons.forEach((polygon, polygonIndex) => {
      const id = polygons.length > 1 ? `${baseId}-${polygonIndex}` : baseId;
      const rings = [
        ...polygon.children.filter((c) => c.tag === 'outerBoundaryIs'),
        ...polygon.children.filter((c) => c.tag === 'innerBoundaryIs'),
      ];
      if (rings.length === 0) {
        issues.push({
          path: `${label} polygon ${polygonIndex}`,
          message: 'a <Polygon> needs an <outerBoundaryIs> ring',
        });
        return;
      }
      rings.forEach((ring, ringIndex) => {
        const ringLabel = `${label} polygon ${polygonIndex} ring ${ringIndex}`;
        const vertices = coordinatesOf(coordinatesText(ring), ringLabel, issues);
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
    if (point && polygons.length === 0) {
      const center = coordinatesOf(coordinatesText(point), `${label} point`, issues)?.[0];
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

/** Well-formedness first (it names line and column), then the tree. */
function parseXml(kml: string): XmlNode[] {
  if (typeof kml !== 'string' || kml.trim() === '') {
    throw new CertificationInputError('KML fences', [
      { path: '', message: 'not a KML document (empty)' },
    ]);
  }
  const validation = XMLValidator.validate(kml);
  if (validation !== true) {
    const { msg, line, col } = validation.err;
    throw new CertificationInputError('KML fences', [
      { path: `line ${line}, column ${col}`, message: `not well-formed XML: ${msg}` },
    ]);
  }
  try {
    return toNodes(parser.parse(kml) as unknown);
  } catch (error) {
    throw new CertificationInputError('KML fences', [
      { path: '', message: `not readable as XML: ${(error as Error).message}` },
    ]);
  }
}

function toNodes(ordered: unknown): XmlNode[] {
  if (!Array.isArray(ordered)) return [];
  const nodes: XmlNode[] = [];
  for (const entry of ordered as Record<string, unknown>[]) {
    const tag = Object.keys(entry).find((key) => key !== ':@');
    if (tag === undefined || tag === '#text' || tag === '#cdata') continue;
    const content = entry[tag];
    const attributes = (entry[':@'] ?? {}) as Record<string, string>;
    nodes.push({ tag, attributes, children: toNodes(content), text: directText(content) });
  }
  return nodes;
}

function directText(content: unknown): string {
  if (!Array.isArray(content)) return '';
  let text = '';
  for (const entry of content as Record<string, unknown>[]) {
    if ('#text' in entry) text += String(entry['#text']);
    else if (Array.isArray(entry['#cdata'])) text += directText(entry['#cdata']);
  }
  return text;
}

/**
 * Every element named `tag` below `node`, in document order, not looking inside a match (a
 * Placemark is not nested in a Placemark), so each element is visited once per search.
 */
function descendants(node: XmlNode, tag: string): XmlNode[] {
  const found: XmlNode[] = [];
  const stack = [...node.children].reverse();
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (next.tag === tag) found.push(next);
    else for (let k = next.children.length - 1; k >= 0; k--) stack.push(next.children[k]!);
  }
  return found;
}

function textOf(node: XmlNode | undefined): string | null {
  return node ? node.text.trim() : null;
}

function coordinatesText(node: XmlNode): string {
  return textOf(descendants(node, 'coordinates')[0]) ?? '';
}

/** `<Data name="k"><value>v</value></Data>` and `<SimpleData name="k">v</SimpleData>`. */
function extendedDataOf(extendedData: XmlNode | undefined): Record<string, string> {
  const data: Record<string, string> = {};
  if (!extendedData) return data;
  for (const entry of descendants(extendedData, 'Data')) {
    const name = entry.attributes.name;
    if (typeof name !== 'string') continue;
    data[name] = textOf(entry.children.find((c) => c.tag === 'value')) ?? '';
  }
  for (const entry of descendants(extendedData, 'SimpleData')) {
    const name = entry.attributes.name;
    if (typeof name === 'string') data[name] = entry.text.trim();
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
