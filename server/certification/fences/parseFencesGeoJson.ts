import { CertificationInputError, type InputIssue } from '../inputError.js';
import type { FenceVertex, FenceZone, RangeFences } from './rangeFences.js';
import {
  mergeRangeSettings,
  radiusFrom,
  rangeSettingsFrom,
  roleFrom,
  type RangeSettings,
} from './rangeProperties.js';
import { validateFencesFrom, type ZoneSource } from './validateFencesFrom.js';

type JsonObject = Record<string, unknown>;

/**
 * Reads fences from GeoJSON (text or parsed): a FeatureCollection, a Feature or a bare geometry.
 * Polygon / MultiPolygon → polygon zones (holes of an inclusion become exclusions); Point with a
 * `radiusM` (or `radius`) property → circle. Role from `role`/`type`/`fence` properties
 * ("inclusion" | "exclusion"), inclusion by default. Floor, ceiling and margin come from the
 * collection's `properties` or any feature's (`floorM`, `ceilingM`, `marginM` and common aliases).
 * Coordinates are GeoJSON's [lon, lat].
 */
export function parseFencesGeoJson(input: unknown): RangeFences {
  const root = typeof input === 'string' ? parseJson(input) : input;
  if (!isObject(root)) throw invalid('', 'expected a GeoJSON object');
  const issues: InputIssue[] = [];
  const zones: FenceZone[] = [];
  const sources: ZoneSource[] = [];
  let settings: RangeSettings = isObject(root.properties) ? rangeSettingsFrom(root.properties) : {};

  const features = featuresOf(root);
  if (features === null) throw invalid('type', `unsupported GeoJSON type ${String(root.type)}`);
  features.forEach(({ feature, path }) => {
    const properties = isObject(feature.properties) ? feature.properties : {};
    settings = mergeRangeSettings(settings, rangeSettingsFrom(properties));
    const geometry = feature.geometry;
    if (!isObject(geometry)) return; // a feature without geometry may carry range properties only
    const role = roleFrom(properties) ?? 'inclusion';
    const baseId = idOf(feature, properties, zones.length);
    const name = typeof properties.name === 'string' ? properties.name : undefined;
    const geometryPath = `${path}.geometry`;
    const addPolygon = (rings: unknown, polygonPath: string, id: string) => {
      if (!Array.isArray(rings) || rings.length === 0) {
        issues.push({ path: polygonPath, message: 'a Polygon needs at least one ring' });
        return;
      }
      rings.forEach((ring, ringIndex) => {
        const ringPath = `${polygonPath}[${ringIndex}]`;
        const vertices = verticesOf(ring, ringPath, issues);
        if (!vertices) return;
        if (ringIndex > 0 && role === 'exclusion') {
          issues.push({ path: ringPath, message: 'an exclusion polygon cannot have holes' });
          return;
        }
        zones.push({
          id: ringIndex === 0 ? id : `${id}-hole-${ringIndex}`,
          ...(name ? { name } : {}),
          role: ringIndex === 0 ? role : 'exclusion',
          shape: 'polygon',
          vertices,
        });
        sources.push({ zonePath: path, vertexPath: (k) => `${ringPath}[${k}]` });
      });
    };
    switch (geometry.type) {
      case 'Polygon':
        addPolygon(geometry.coordinates, `${geometryPath}.coordinates`, baseId);
        break;
      case 'MultiPolygon':
        if (!Array.isArray(geometry.coordinates)) {
          issues.push({
            path: `${geometryPath}.coordinates`,
            message: 'expected an array of polygons',
          });
          break;
        }
        geometry.coordinates.forEach((polygon, k) =>
          addPolygon(polygon, `${geometryPath}.coordinates[${k}]`, `${baseId}-${k}`),
        );
        break;
      case 'Point': {
        const center = vertexOf(geometry.coordinates, `${geometryPath}.coordinates`, issues);
        const radiusM = radiusFrom(properties);
        if (radiusM === undefined) {
          issues.push({
            path: `${path}.properties.radiusM`,
            message: 'a Point fence needs a radiusM property (circle radius in metres)',
          });
          break;
        }
        if (!center) break;
        zones.push({
          id: baseId,
          ...(name ? { name } : {}),
          role,
          shape: 'circle',
          center,
          radiusM,
        });
        sources.push({ zonePath: path, vertexPath: () => `${geometryPath}.coordinates` });
        break;
      }
      default:
        issues.push({
          path: `${geometryPath}.type`,
          message: `geometry ${String(geometry.type)} is not a fence; use Polygon, MultiPolygon or Point with radiusM`,
        });
    }
  });
  if (issues.length > 0) throw new CertificationInputError('GeoJSON fences', issues);
  return validateFencesFrom('GeoJSON fences', { ...settings, zones }, sources);
}

function featuresOf(root: JsonObject): { feature: JsonObject; path: string }[] | null {
  if (root.type === 'FeatureCollection') {
    if (!Array.isArray(root.features)) throw invalid('features', 'expected an array of features');
    return root.features.map((feature, i) => {
      if (!isObject(feature)) throw invalid(`features[${i}]`, 'expected a Feature object');
      return { feature, path: `features[${i}]` };
    });
  }
  if (root.type === 'Feature') return [{ feature: root, path: 'feature' }];
  if (root.type === 'Polygon' || root.type === 'MultiPolygon') {
    return [{ feature: { type: 'Feature', properties: {}, geometry: root }, path: 'geometry' }];
  }
  return null;
}

function idOf(feature: JsonObject, properties: JsonObject, index: number): string {
  for (const candidate of [properties.id, feature.id, properties.name]) {
    if (typeof candidate === 'string' && candidate !== '') return candidate;
    if (typeof candidate === 'number') return String(candidate);
  }
  return `zone-${index + 1}`;
}

function verticesOf(ring: unknown, path: string, issues: InputIssue[]): FenceVertex[] | null {
  if (!Array.isArray(ring)) {
    issues.push({ path, message: 'expected a ring: an array of [lon, lat] positions' });
    return null;
  }
  const vertices: FenceVertex[] = [];
  ring.forEach((position, k) => {
    const vertex = vertexOf(position, `${path}[${k}]`, issues);
    if (vertex) vertices.push(vertex);
  });
  return vertices.length === ring.length ? vertices : null;
}

function vertexOf(position: unknown, path: string, issues: InputIssue[]): FenceVertex | null {
  if (
    !Array.isArray(position) ||
    position.length < 2 ||
    typeof position[0] !== 'number' ||
    typeof position[1] !== 'number' ||
    !Number.isFinite(position[0]) ||
    !Number.isFinite(position[1])
  ) {
    issues.push({ path, message: 'expected a position [lon, lat] of two finite numbers' });
    return null;
  }
  return { lonDeg: position[0], latDeg: position[1] };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw invalid('', `not valid JSON: ${(error as Error).message}`);
  }
}

function invalid(path: string, message: string): CertificationInputError {
  return new CertificationInputError('GeoJSON fences', [{ path, message }]);
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
