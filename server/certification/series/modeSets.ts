import type { FlightData } from '../flightData.js';
import { normalizeSpans, type Span } from './spans.js';

/**
 * Mode names that mean the same thing on PX4 and ArduPilot, as the normaliser spells them.
 * Criteria ask for a set ("a position-hold mode"), never a single autopilot's name. PX4's auto
 * sub-modes appear both dotted ('AUTO.RTL', as QGroundControl writes them) and bare ('RTL', as
 * telemetry/mavlink/modeNames.ts writes them); both spellings are in the sets.
 */
export const MODE_SETS = {
  'position-hold': ['POSCTL', 'AUTO.LOITER', 'LOITER', 'POSHOLD'],
  'altitude-hold': ['POSCTL', 'AUTO.LOITER', 'LOITER', 'POSHOLD', 'ALTCTL', 'ALT_HOLD'],
  rtl: ['AUTO.RTL', 'RTL', 'SMART_RTL'],
  land: ['AUTO.LAND', 'LAND', 'AUTO.PRECLAND', 'PRECLAND'],
  mission: ['AUTO.MISSION', 'AUTO', 'MISSION'],
  takeoff: ['AUTO.TAKEOFF', 'TAKEOFF'],
  guided: ['GUIDED', 'OFFBOARD'],
} as const satisfies Record<string, readonly string[]>;

export type ModeSetName = keyof typeof MODE_SETS;
export const MODE_SET_NAMES = Object.keys(MODE_SETS) as ModeSetName[];

/** Return-or-land: what a failsafe is expected to switch to. */
export const FAILSAFE_MODES: readonly string[] = [...MODE_SETS.rtl, ...MODE_SETS.land];

export function modesOfSet(name: ModeSetName): readonly string[] {
  return MODE_SETS[name];
}

/** Spans of the flight spent in any of the given modes. */
export function modeSpans(flight: FlightData, modes: readonly string[]): Span[] {
  const wanted = new Set(modes.map((mode) => mode.toUpperCase()));
  const spans: Span[] = [];
  const timeline = flight.modeTimeline;
  timeline.forEach((change, i) => {
    if (!wanted.has(change.modeName.toUpperCase())) return;
    const endUs = timeline[i + 1]?.tUs ?? flight.endUs;
    const startUs = Math.max(change.tUs, flight.startUs);
    if (endUs > startUs) spans.push({ startUs, endUs });
  });
  return normalizeSpans(spans);
}

/** The mode at a given instant, or null before the first known mode. */
export function modeAt(flight: FlightData, tUs: number): string | null {
  let mode: string | null = null;
  for (const change of flight.modeTimeline) {
    if (change.tUs > tUs) break;
    mode = change.modeName;
  }
  return mode;
}

/** First instant at or after `fromUs` that the vehicle is in one of `modes`, or null. */
export function firstTimeInModes(
  flight: FlightData,
  modes: readonly string[],
  fromUs: number,
): number | null {
  const wanted = new Set(modes.map((mode) => mode.toUpperCase()));
  const current = modeAt(flight, fromUs);
  if (current !== null && wanted.has(current.toUpperCase())) return fromUs;
  for (const change of flight.modeTimeline) {
    if (change.tUs > fromUs && wanted.has(change.modeName.toUpperCase())) return change.tUs;
  }
  return null;
}
