import { CertificationInputError, issuesFromZod, type InputIssue } from '../inputError.js';
import { localProjection } from '../localProjection.js';
import { findSelfIntersection } from '../planarGeometry.js';
import { rangeFencesSchema, type FenceVertex, type RangeFences } from './rangeFences.js';

/**
 * Validates fences from any source (API body, GeoJSON, KML, MAVLink items) and returns them with
 * defaults filled in. Throws CertificationInputError naming the zone and vertex or field at fault.
 */
export function validateRangeFences(input: unknown): RangeFences {
  const parsed = rangeFencesSchema.safeParse(input);
  if (!parsed.success) {
    const issues = issuesFromZod(parsed.error.issues).map(explainSwappedCoordinates(input));
    throw new CertificationInputError('fences', issues);
  }
  const fences = parsed.data;
  const issues: InputIssue[] = [];
  if (fences.floorM !== null && fences.ceilingM !== null && fences.floorM >= fences.ceilingM) {
    issues.push({
      path: 'floorM',
      message: `altitude floor ${fences.floorM} m must be below the ceiling ${fences.ceilingM} m`,
    });
  }
  const seenIds = new Set<string>();
  fences.zones.forEach((zone, zoneIndex) => {
    if (seenIds.has(zone.id)) {
      issues.push({
        path: `zones[${zoneIndex}].id`,
        message: `zone id "${zone.id}" is used twice`,
      });
    }
    seenIds.add(zone.id);
    if (zone.shape === 'polygon')
      issues.push(...polygonIssues(zone.vertices, `zones[${zoneIndex}]`));
  });
  if (issues.length > 0) throw new CertificationInputError('fences', issues);
  return {
    ...fences,
    zones: fences.zones.map((zone) =>
      zone.shape === 'polygon' ? { ...zone, vertices: withoutClosingVertex(zone.vertices) } : zone,
    ),
  };
}

/** Ring problems of one polygon: repeated closing vertex removed first, then ≥ 3 distinct, simple. */
export function polygonIssues(vertices: FenceVertex[], path: string): InputIssue[] {
  const distinct = withoutClosingVertex(vertices);
  for (let i = 0; i < distinct.length; i++) {
    const next = distinct[(i + 1) % distinct.length] as FenceVertex;
    const vertex = distinct[i] as FenceVertex;
    if (distinct.length > 1 && vertex.latDeg === next.latDeg && vertex.lonDeg === next.lonDeg) {
      return [
        {
          path: `${path}.vertices[${(i + 1) % distinct.length}]`,
          message: `vertex ${(i + 1) % distinct.length} repeats vertex ${i}; remove it`,
        },
      ];
    }
  }
  if (distinct.length < 3) {
    return [
      {
        path: `${path}.vertices`,
        message: `a polygon needs at least 3 distinct vertices, got ${distinct.length}`,
      },
    ];
  }
  const projection = localProjection(distinct[0] as FenceVertex);
  const ring = new Float64Array(distinct.length * 2);
  distinct.forEach((vertex, i) => {
    ring[2 * i] = projection.eastM(vertex.lonDeg);
    ring[2 * i + 1] = projection.northM(vertex.latDeg);
  });
  const crossing = findSelfIntersection(ring);
  if (crossing) {
    const [a, b] = crossing;
    const n = distinct.length;
    return [
      {
        path: `${path}.vertices[${a}]`,
        message: `ring intersects itself: edge ${a}→${(a + 1) % n} crosses edge ${b}→${(b + 1) % n}`,
      },
    ];
  }
  return [];
}

/** Sources often close rings by repeating the first vertex; the model keeps rings open. */
export function withoutClosingVertex(vertices: FenceVertex[]): FenceVertex[] {
  const first = vertices[0];
  const last = vertices[vertices.length - 1];
  if (
    vertices.length > 1 &&
    first &&
    last &&
    first.latDeg === last.latDeg &&
    first.lonDeg === last.lonDeg
  ) {
    return vertices.slice(0, -1);
  }
  return vertices;
}

/** A latitude beyond ±90° whose longitude would fit is almost always a lat/lon swap: say so. */
function explainSwappedCoordinates(input: unknown) {
  return (issue: InputIssue): InputIssue => {
    if (!issue.path.endsWith('.latDeg')) return issue;
    const vertex = valueAt(input, issue.path.slice(0, -'.latDeg'.length));
    if (
      vertex &&
      typeof vertex === 'object' &&
      'latDeg' in vertex &&
      'lonDeg' in vertex &&
      typeof vertex.latDeg === 'number' &&
      typeof vertex.lonDeg === 'number' &&
      Math.abs(vertex.latDeg) > 90 &&
      Math.abs(vertex.lonDeg) <= 90
    ) {
      return {
        ...issue,
        message: `latitude ${vertex.latDeg}° is beyond ±90°: latitude and longitude look swapped`,
      };
    }
    return issue;
  };
}

function valueAt(root: unknown, path: string): unknown {
  const keys = path.match(/[^.[\]]+/g) ?? [];
  let current: unknown = root;
  for (const key of keys) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
