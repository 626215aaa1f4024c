import type { PreparedCircle, PreparedPolygon, PreparedZone } from './preparedFences.js';

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
  const fromCentreM = Math.hypot(dx, dy);
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

/** One pass over the edges: nearest boundary point and even-odd inside test together. */
function polygonClearance(zone: PreparedPolygon, x: number, y: number, out: ZoneClearance): void {
  const ring = zone.ringXY;
  const n = zone.vertexCount;
  let bestSq = Infinity;
  let nearestX = 0;
  let nearestY = 0;
  let inside = false;
  let ax = ring[2 * (n - 1)] as number;
  let ay = ring[2 * (n - 1) + 1] as number;
  for (let i = 0; i < n; i++) {
    const bx = ring[2 * i] as number;
    const by = ring[2 * i + 1] as number;
    if (ay > y !== by > y && x < ((bx - ax) * (y - ay)) / (by - ay) + ax) inside = !inside;
    const dx = bx - ax;
    const dy = by - ay;
    const lengthSq = dx * dx + dy * dy;
    let t = lengthSq > 0 ? ((x - ax) * dx + (y - ay) * dy) / lengthSq : 0;
    if (t < 0) t = 0;
    else if (t > 1) t = 1;
    const qx = ax + t * dx;
    const qy = ay + t * dy;
    const distanceSq = (x - qx) * (x - qx) + (y - qy) * (y - qy);
    if (distanceSq < bestSq) {
      bestSq = distanceSq;
      nearestX = qx;
      nearestY = qy;
    }
    ax = bx;
    ay = by;
  }
  const distanceM = Math.sqrt(bestSq);
  // Away from the boundary is deeper into the polygon when inside, further out when outside.
  const awayX = distanceM > 0 ? (x - nearestX) / distanceM : 0;
  const awayY = distanceM > 0 ? (y - nearestY) / distanceM : 0;
  const allowed = zone.role === 'inclusion' ? inside : !inside;
  const sign = allowed ? 1 : -1;
  out.clearanceM = sign * distanceM;
  out.normalX = sign * awayX;
  out.normalY = sign * awayY;
}

/** Distance from a point to a polygon's bounding box [m]; 0 inside it. A lower bound of the edges. */
export function distanceToBoundingBoxM(zone: PreparedPolygon, x: number, y: number): number {
  const dx = x < zone.minX ? zone.minX - x : x > zone.maxX ? x - zone.maxX : 0;
  const dy = y < zone.minY ? zone.minY - y : y > zone.maxY ? y - zone.maxY : 0;
  return Math.hypot(dx, dy);
}
