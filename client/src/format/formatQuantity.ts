/** Metric quantities with their unit; null shows as a dash. */
export function formatQuantity(value: number | null | undefined, unit: string, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return `${value.toFixed(digits)} ${unit}`;
}

/** Distances switch to km from 10 km on. */
export function formatDistance(metres: number | null | undefined): string {
  if (metres === null || metres === undefined || !Number.isFinite(metres)) return '—';
  return metres >= 10_000 ? `${(metres / 1000).toFixed(2)} km` : `${metres.toFixed(0)} m`;
}

/** The unit a channel name ends with (`altRelM` → m, `groundSpeedMps` → m/s), for axis labels. */
export function unitOfChannel(channel: string): string {
  const suffixes: [RegExp, string][] = [
    [/Mps2$/, 'm/s²'],
    [/Mps$/, 'm/s'],
    [/Dps$/, '°/s'],
    [/Deg$/, '°'],
    [/Pct$/, '%'],
    [/Mah$/, 'mAh'],
    [/Us$/, 'µs'],
    [/M$/, 'm'],
    [/V$/, 'V'],
    [/A$/, 'A'],
  ];
  for (const [pattern, unit] of suffixes) if (pattern.test(channel)) return unit;
  return '';
}
