/** Plane geometry in local metres (see localProjection.ts). Points are flat [x0, y0, x1, y1, …]. */

export interface NearestOnSegment {
  distanceM: number;
  /** Nearest point on the segment. */
  x: number;
  y: number;
}

/**
 * Where the nearest point of segment (ax, ay)–(bx, by) to (px, py) lies along it: 0 at a, 1 at
 * b. A number, not a point, so the fence check's hot loop allocates nothing.
 */
function nearestFraction(
  px: number,
  py: number,
  ax: number,
  ay: number,
  bx: number,
  by: number,
): number {
  const dx = bx - ax;
  const dy = by - ay;
  const lengthSq = dx * dx + dy * dy;
  const t = lengthSq > 0 ? ((px - ax) * dx + (py - ay) * dy) / lengthSq : 0;
  return Math.min(1, Math.max(0, t));
}

/** Distance from (px, py) to segment (ax, ay)–(bx, by), and the nearest point on it. */
export function nearestOnSegment(
  px: number,
  py: number,
  ax: number,
  ay: number,
  bx: number,
  by: number,
): NearestOnSegment {
  const t = nearestFraction(px, py, ax, ay, bx, by);
  const x = ax + t * (bx - ax);
  const y = ay + t * (by - ay);
  return { distanceM: Math.hypot(px - x, py - y), x, y };
}

/** Squared distance to a segment: the hot loop of the fence check, so no allocation. */
export function segmentDistanceSq(
  px: number,
  py: number,
  ax: number,
  ay: number,
  bx: number,
  by: number,
): number {
  const t = nearestFraction(px, py, ax, ay, bx, by);
  const ex = px - (ax + t * (bx - ax));
  const ey = py - (ay + t * (by - ay));
  return ex * ex + ey * ey;
}

/** Orientation of the triangle (a, b, c): > 0 counter-clockwise, < 0 clockwise, 0 collinear. */
function orientation(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  cx: number,
  cy: number,
): number {
  return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
}

function onSegment(ax: number, ay: number, bx: number, by: number, cx: number, cy: number) {
  return (
    Math.min(ax, bx) <= cx &&
    cx <= Math.max(ax, bx) &&
    Math.min(ay, by) <= cy &&
    cy <= Math.max(ay, by)
  );
}

/** True when closed segments p1–p2 and p3–p4 share a point. */
export function segmentsIntersect(
  p1x: number,
  p1y: number,
  p2x: number,
  p2y: number,
  p3x: number,
  p3y: number,
  p4x: number,
  p4y: number,
): boolean {
  const d1 = orientation(p3x, p3y, p4x, p4y, p1x, p1y);
  const d2 = orientation(p3x, p3y, p4x, p4y, p2x, p2y);
  const d3 = orientation(p1x, p1y, p2x, p2y, p3x, p3y);
  const d4 = orientation(p1x, p1y, p2x, p2y, p4x, p4y);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) {
    return true;
  }
  if (d1 === 0 && onSegment(p3x, p3y, p4x, p4y, p1x, p1y)) return true;
  if (d2 === 0 && onSegment(p3x, p3y, p4x, p4y, p2x, p2y)) return true;
  if (d3 === 0 && onSegment(p1x, p1y, p2x, p2y, p3x, p3y)) return true;
  if (d4 === 0 && onSegment(p1x, p1y, p2x, p2y, p4x, p4y)) return true;
  return false;
}

/**
 * First pair of non-adjacent edges of a closed ring that cross, as edge indices (edge i runs from
 * vertex i to vertex i+1), or null when the ring is simple. O(n²): fences have hundreds of vertices
 * at most and are validated once.
 */
export function findSelfIntersection(ringXY: ArrayLike<number>): [number, number] | null {
  const n = ringXY.length / 2;
  const x = (i: number) => ringXY[2 * (i % n)] as number;
  const y = (i: number) => ringXY[2 * (i % n) + 1] as number;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const adjacent = j === i + 1 || (i === 0 && j === n - 1);
      if (adjacent) continue;
      if (segmentsIntersect(x(i), y(i), x(i + 1), y(i + 1), x(j), y(j), x(j + 1), y(j + 1))) {
        return [i, j];
      }
    }
  }
  return null;
}
