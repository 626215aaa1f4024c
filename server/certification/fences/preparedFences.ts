import { localProjection, type LatLon, type LocalProjection } from '../localProjection.js';
import type { FenceRole, RangeFences } from './rangeFences.js';

/** A polygon zone in local metres with its bounding box, ready for the hot loop. */
export interface PreparedPolygon {
  shape: 'polygon';
  id: string;
  role: FenceRole;
  /** Open ring [x0, y0, x1, y1, …] in metres east/north of the range origin. */
  ringXY: Float64Array;
  vertexCount: number;
  /**
   * Bounding boxes of runs of EDGES_PER_CHUNK consecutive edges, [minX, minY, maxX, maxY] each:
   * the check skips whole runs that cannot hold the nearest edge or a ray crossing.
   */
  chunkBoxes: Float64Array;
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

export interface PreparedCircle {
  shape: 'circle';
  id: string;
  role: FenceRole;
  centerX: number;
  centerY: number;
  radiusM: number;
}

/** Edge i runs from vertex i-1 to vertex i (edge 0 closes the ring from the last vertex). */
export const EDGES_PER_CHUNK = 8;

function chunkBoxesOf(ringXY: Float64Array, vertexCount: number): Float64Array {
  const chunkCount = Math.ceil(vertexCount / EDGES_PER_CHUNK);
  const boxes = new Float64Array(chunkCount * 4);
  for (let c = 0; c < chunkCount; c++) {
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    const first = c * EDGES_PER_CHUNK;
    const last = Math.min(vertexCount, first + EDGES_PER_CHUNK);
    for (let i = first; i < last; i++) {
      const previous = i === 0 ? vertexCount - 1 : i - 1;
      for (const v of [previous, i]) {
        const x = ringXY[2 * v] as number;
        const y = ringXY[2 * v + 1] as number;
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
    }
    boxes.set([minX, minY, maxX, maxY], c * 4);
  }
  return boxes;
}

export type PreparedZone = PreparedPolygon | PreparedCircle;

export interface PreparedFences {
  projection: LocalProjection;
  inclusions: PreparedZone[];
  exclusions: PreparedZone[];
}

/** The range origin: the mean of every vertex and centre, so projection error stays small. */
export function fenceOrigin(fences: RangeFences): LatLon {
  let latSum = 0;
  let lonSum = 0;
  let count = 0;
  for (const zone of fences.zones) {
    const points = zone.shape === 'polygon' ? zone.vertices : [zone.center];
    for (const point of points) {
      latSum += point.latDeg;
      lonSum += point.lonDeg;
      count++;
    }
  }
  return count > 0 ? { latDeg: latSum / count, lonDeg: lonSum / count } : { latDeg: 0, lonDeg: 0 };
}

export function prepareFences(
  fences: RangeFences,
  origin: LatLon = fenceOrigin(fences),
): PreparedFences {
  const projection = localProjection(origin);
  const prepared: PreparedZone[] = fences.zones.map((zone) => {
    if (zone.shape === 'circle') {
      return {
        shape: 'circle',
        id: zone.id,
        role: zone.role,
        centerX: projection.eastM(zone.center.lonDeg),
        centerY: projection.northM(zone.center.latDeg),
        radiusM: zone.radiusM,
      };
    }
    const ringXY = new Float64Array(zone.vertices.length * 2);
    let minX = Infinity;
    let maxX = -Infinity;
    let minY = Infinity;
    let maxY = -Infinity;
    zone.vertices.forEach((vertex, i) => {
      const x = projection.eastM(vertex.lonDeg);
      const y = projection.northM(vertex.latDeg);
      ringXY[2 * i] = x;
      ringXY[2 * i + 1] = y;
      minX = Math.min(minX, x);
      maxX = Math.max(maxX, x);
      minY = Math.min(minY, y);
      maxY = Math.max(maxY, y);
    });
    return {
      shape: 'polygon',
      id: zone.id,
      role: zone.role,
      ringXY,
      vertexCount: zone.vertices.length,
      chunkBoxes: chunkBoxesOf(ringXY, zone.vertices.length),
      minX,
      maxX,
      minY,
      maxY,
    };
  });
  return {
    projection,
    inclusions: prepared.filter((zone) => zone.role === 'inclusion'),
    exclusions: prepared.filter((zone) => zone.role === 'exclusion'),
  };
}
