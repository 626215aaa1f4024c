import type { RangeFencesInput } from './rangeFences.js';

/**
 * Range-wide fence settings read from loosely named properties (GeoJSON properties, KML
 * ExtendedData): tools spell them differently, so a few common spellings are accepted.
 */
const ALIASES = {
  floorM: [
    'floorm',
    'floorrelm',
    'floor',
    'altfloorm',
    'altitudefloorm',
    'minaltm',
    'altminm',
    'fencealtmin',
  ],
  ceilingM: [
    'ceilingm',
    'ceilingrelm',
    'ceiling',
    'altceilingm',
    'altitudeceilingm',
    'maxaltm',
    'altmaxm',
    'fencealtmax',
  ],
  marginM: ['marginm', 'margin', 'fencemargin'],
  reactionTimeS: ['reactiontimes', 'reactiontime'],
  brakingDecelerationMps2: ['brakingdecelerationmps2', 'brakingdeceleration'],
} as const;

export type RangeSettings = Pick<
  RangeFencesInput,
  | 'floorM'
  | 'ceilingM'
  | 'marginM'
  | 'reactionTimeS'
  | 'brakingDecelerationMps2'
  | 'inclusionCombine'
>;

export function rangeSettingsFrom(properties: Record<string, unknown>): RangeSettings {
  const byLowerKey = new Map(
    Object.entries(properties).map(([key, value]) => [
      key.toLowerCase().replace(/[_-]/g, ''),
      value,
    ]),
  );
  const settings: RangeSettings = {};
  for (const [field, aliases] of Object.entries(ALIASES) as [
    keyof typeof ALIASES,
    readonly string[],
  ][]) {
    for (const alias of aliases) {
      const value = numberFrom(byLowerKey.get(alias));
      if (value !== undefined) {
        settings[field] = value;
        break;
      }
    }
  }
  const combine = byLowerKey.get('inclusioncombine');
  if (combine === 'union' || combine === 'intersection') settings.inclusionCombine = combine;
  return settings;
}

/** Merges settings found in several places; a later ceiling lower / floor higher wins (stricter). */
export function mergeRangeSettings(into: RangeSettings, from: RangeSettings): RangeSettings {
  const merged = { ...into, ...from };
  if (typeof into.ceilingM === 'number' && typeof from.ceilingM === 'number') {
    merged.ceilingM = Math.min(into.ceilingM, from.ceilingM);
  }
  if (typeof into.floorM === 'number' && typeof from.floorM === 'number') {
    merged.floorM = Math.max(into.floorM, from.floorM);
  }
  return merged;
}

function numberFrom(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
    return Number(value);
  }
  return undefined;
}

/** Reads a zone's role from properties: `role`, `type`, `fence`, `kind`, or boolean flags. */
export function roleFrom(properties: Record<string, unknown>): 'inclusion' | 'exclusion' | null {
  for (const key of ['role', 'type', 'fence', 'kind', 'fenceType', 'zone']) {
    const value = properties[key];
    if (typeof value === 'string') {
      const lower = value.toLowerCase();
      if (lower.includes('exclusion') || lower === 'exclude' || lower === 'keep-out')
        return 'exclusion';
      if (lower.includes('inclusion') || lower === 'include' || lower === 'keep-in')
        return 'inclusion';
    }
  }
  if (properties.inclusion === false || properties.exclusion === true) return 'exclusion';
  if (properties.inclusion === true || properties.exclusion === false) return 'inclusion';
  return null;
}

export function radiusFrom(properties: Record<string, unknown>): number | undefined {
  for (const key of ['radiusM', 'radius', 'radius_m']) {
    const value = numberFrom(properties[key]);
    if (value !== undefined) return value;
  }
  return undefined;
}
