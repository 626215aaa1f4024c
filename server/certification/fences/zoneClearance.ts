import {
  EDGES_PER_CHUNK,
  type PreparedCircle,
  type PreparedPolygon,
  type PreparedZone,
} from './preparedFences.js';

// Math.sqrt over Math.hypot: hypot is several times slower in V8 and this is the hot path.

/**
 * Signed clearance of a point to one zone, with the zone's inward normal there.
 * `clearanceM` > 0 on the allowed side (inside an inclusion, outside an exclusion), < 0 beyond.
 * (normalX, normalY) is the unit direction in which the clearance grows; 0,0 on the boundary itself.
 * Written into a caller-owned object because this runs thousands of times per position.
 */
export interface ZoneClearance {
  clearanceM: number;
  normalX: number;
  normalY: number;
}

export function newZoneClearance(): ZoneClearance {
  return { clearanceM: 0, normalX: 0, normalY: 0 };
}

export function zoneClearance(zone: PreparedZone, x: number, y: number, out: ZoneClearance): void {
  if (zone.shape === 'circle') circleClearance(zone, x, y, out);
  else polygonClearance(zone, x, y, out);
}

function circleClearance(zone: PreparedCircle, x: number, y: number, out: ZoneClearance): void {
  const dx = x - zone.centerX;
  const dy = y - zone.centerY;
  const fromCentreM = Math.sqrt(dx * dx + dy * dy);
  const outwardX = fromCentreM > 0 ? dx / fromCentreM : 0;
  const outwardY = fromCentreM > 0 ? dy / fromCentreM : 0;
  if (zone.role === 'inclusion') {
    out.clearanceM = zone.radiusM - fromCentreM;
    out.normalX = -outwardX;
    out.normalY = -outwardY;
  } else {
    out.clearanceM = fromCentreM - zone.radiusM;
    out.normalX = outwardX;
    out.normalY = outwardY;
  }
}

/**
 * Even-odd inside test and nearest boundary point, skipping runs of edges by their bounding box:
 * a run whose y-range misses the point, or that lies left of it, cannot cross the +x ray; a run
 * whose box is farther than the best edge so far cannot hold the nearest edge.
 */
function polygonClearance(zone: PreparedPolygon, x: number, y: number, out: ZoneClearance): void {
  const ring = zone.ringXY;
  const n = zone.vertexCount;
  const boxes = zone.chunkBoxes;
  const chunkCount = boxes.length / 4;
  let inside = false;
  let nearestChunk = 0;
  let nearestChunkSq = Infinity;
  for (let c = 0; c < chunkCount; c++) {
    const minX = boxes[4 * c] as number;
    const minY = boxes[4 * c + 1] as number;
    const maxX = boxes[4 * c + 2] as number;
    const maxY = boxes[4 * c + 3] as number;
    const dx = x < minX ? minX - x : x > maxX ? x - maxX : 0;
    const dy = y < minY ? minY - y : y > maxY ? y - maxY : 0;
    const boxSq = dx * dx + dy * dy;
    if (boxSq < nearestChunkSq) {
      nearestChunkSq = boxSq;
      nearestChunk = c;
    }
    if (y < minY || y >= maxY || x >= maxX) continue;
    const last = Math.min(n, (c + 1) * EDGES_PER_CHUNK);
    for (let i = c * EDGES_PER_CHUNK; i < last; i++) {
      const previous = i === 0 ? n - 1 : i - 1;
      const ax = ring[2 * previous] as number;
      const ay = ring[2 * previous + 1] as number;
      const bx = ring[2 * i] as number;
      const by = ring[2 * i + 1] as number;
      if (ay > y !== by > y && x < ((bx - ax) * (y - ay)) / (by - ay) + ax) inside = !inside;
    }
  }
  nearest.bestSq = Infinity;
  nearestInChunk(zone, nearestChunk, x, y);
  for (let c = 0; c < chunkCount; c++) {
    if (c === nearestChunk) continue;
    const minX = boxes[4 * c] as number;
    const minY = boxes[4 * c + 1] as number;
    const maxX = boxes[4 * c + 2] as number;
    const maxY = boxes[4 * c + 3] as number;
    const dx = x < minX ? minX - x : x > maxX ? x - maxX : 0;
    const dy = y < minY ? minY - y : y > maxY ? y - maxY : 0;
    if (dx * dx + dy * dy < nearest.bestSq) nearestInChunk(zone, c, x, y);
  }
  const distanceM = Math.sqrt(nearest.bestSq);
  // Away from the boundary is deeper into the polygon when inside, further out when outside.
  const awayX = distanceM > 0 ? (x - nearest.x) / distanceM : 0;
  const awayY = distanceM > 0 ? (y - nearest.y) / distanceM : 0;
  const allowed = zone.role === 'inclusion' ? inside : !inside;
  const sign = allowed ? 1 : -1;
  out.clearanceM = sign * distanceM;
  out.normalX = sign * awayX;
  out.normalY = sign * awayY;
}

/** Best edge so far of the polygon being measured; module scratch, the check is synchronous. */
const nearest = { bestSq: Infinity, x: 0, y: 0 };

function nearestInChunk(zone: PreparedPolygon, chunk: number, x: number, y: number): void {
  const ring = zone.ringXY;
  const n = zone.vertexCount;
  const last = Math.min(n, (chunk + 1) * EDGES_PER_CHUNK);
  for (let i = chunk * EDGES_PER_CHUNK; i < last; i++) {
    const previous = i === 0 ? n - 1 : i - 1;
    const ax = ring[2 * previous] as number;
    const ay = ring[2 * previous + 1] as number;
    const dx = (ring[2 * i] as number) - ax;
    const dy = (ring[2 * i + 1] as number) - ay;
    const lengthSq = dx * dx + dy * dy;
    let t = lengthSq > 0 ? ((x - ax) * dx + (y - ay) * dy) / lengthSq : 0;
    if (t < 0) t = 0;
    else if (t > 1) t = 1;
    const qx = ax + t * dx;
    const qy = ay + t * dy;
    const distanceSq = (x - qx) * (x - qx) + (y - qy) * (y - qy);
    if (distanceSq < nearest.bestSq) {
      nearest.bestSq = distanceSq;
      nearest.x = qx;
      nearest.y = qy;
    }
  }
}

/** Distance from a point to a polygon's bounding box [m]; 0 inside it. A lower bound of the edges. */
export function distanceToBoundingBoxM(zone: PreparedPolygon, x: number, y: number): number {
  const dx = x < zone.minX ? zone.minX - x : x > zone.maxX ? x - zone.maxX : 0;
  const dy = y < zone.minY ? zone.minY - y : y > zone.maxY ? y - zone.maxY : 0;
  return Math.sqrt(dx * dx + dy * dy);
}
