/** Metres per degree of latitude (mean; good to 0.5 % for a grid drawn over a test range). */
export const METRES_PER_DEG_LAT = 111_320;

export const GRID_SPACINGS_M = [10, 100, 1000, 10_000, 100_000] as const;

/** The finest grid spacing whose lines stay at least `minPixels` apart at this scale. */
export function gridSpacingM(metresPerPixel: number, minPixels = 40): number {
  for (const spacing of GRID_SPACINGS_M) {
    if (spacing / metresPerPixel >= minPixels) return spacing;
  }
  return GRID_SPACINGS_M[GRID_SPACINGS_M.length - 1]!;
}

/**
 * Latitudes or longitudes of grid lines every `spacingM` metres between `min` and `max` degrees,
 * anchored at 0° so the lines stay put while the map pans.
 */
export function gridLines(minDeg: number, maxDeg: number, spacingDeg: number): number[] {
  const lines: number[] = [];
  const first = Math.ceil(minDeg / spacingDeg);
  const last = Math.floor(maxDeg / spacingDeg);
  // Bounded so a bad zoom can never freeze the page.
  for (let k = first; k <= last && lines.length < 2000; k++) lines.push(k * spacingDeg);
  return lines;
}

/** Degrees of longitude per metre east at a latitude. */
export function lonDegPerMetre(latDeg: number): number {
  return 1 / (METRES_PER_DEG_LAT * Math.max(0.01, Math.cos((latDeg * Math.PI) / 180)));
}
