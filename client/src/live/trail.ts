/** A vehicle's recent positions, oldest first, capped so memory stays flat over a long day. */
export interface TrailPoint {
  latDeg: number;
  lonDeg: number;
  tMs: number;
}

export const TRAIL_MAX_POINTS = 600;
/** How far back the trail reaches [ms]; older points fade out and drop. */
export const TRAIL_WINDOW_MS = 60_000;

/** Appends a point unless it repeats the last position, and drops what fell out of the window. */
export function appendTrailPoint(trail: TrailPoint[], point: TrailPoint): void {
  const last = trail[trail.length - 1];
  if (last && last.latDeg === point.latDeg && last.lonDeg === point.lonDeg) return;
  trail.push(point);
  const oldestKeptMs = point.tMs - TRAIL_WINDOW_MS;
  let drop = 0;
  while (drop < trail.length - 1 && trail[drop]!.tMs < oldestKeptMs) drop++;
  drop = Math.max(drop, trail.length - TRAIL_MAX_POINTS);
  if (drop > 0) trail.splice(0, drop);
}

/**
 * Splits a trail into `count` consecutive pieces (sharing their end points) so each can be drawn
 * with its own opacity: the fading tail.
 */
export function trailSegments<T>(trail: readonly T[], count: number): T[][] {
  if (trail.length < 2) return Array.from({ length: count }, () => []);
  const pieces: T[][] = [];
  const step = (trail.length - 1) / count;
  for (let i = 0; i < count; i++) {
    const start = Math.round(i * step);
    const end = Math.round((i + 1) * step);
    pieces.push(trail.slice(start, end + 1));
  }
  return pieces;
}
