import type { FlightData } from '../flightData.js';
import { normalizeSpans, type Span } from './spans.js';
import { VEHICLE_CLASSES, vehicleClassOf, type VehicleClass } from './vehicleClass.js';

export const MODE_SET_NAMES = [
  'position-hold',
  'altitude-hold',
  'rtl',
  'land',
  'mission',
  'takeoff',
  'guided',
] as const;
export type ModeSetName = (typeof MODE_SET_NAMES)[number];

interface ModeRow {
  /** As the normaliser (telemetry/mavlink/modeNames.ts) or QGroundControl spells it. */
  mode: string;
  sets: readonly ModeSetName[];
  /** The vehicle classes whose autopilot has this mode with this meaning. */
  classes: readonly VehicleClass[];
}

const ALL = VEHICLE_CLASSES;
const HOVERING: readonly VehicleClass[] = ['multicopter', 'vtol'];

/**
 * Every mode a criterion looks for, by meaning and vehicle class: the one table. A plane's
 * LOITER circles, a copter's LOITER hovers, a QuadPlane hovers in QLOITER and circles in LOITER;
 * PX4's auto sub-modes appear both dotted ('AUTO.LOITER', as QGroundControl writes them) and
 * bare ('LOITER', as the normaliser writes them).
 */
export const MODE_TABLE: readonly ModeRow[] = [
  // ArduCopter
  {
    mode: 'LOITER',
    sets: ['position-hold', 'altitude-hold'],
    classes: ['multicopter', 'fixed-wing', 'rover'],
  },
  { mode: 'POSHOLD', sets: ['position-hold', 'altitude-hold'], classes: ['multicopter', 'sub'] },
  { mode: 'BRAKE', sets: ['position-hold', 'altitude-hold'], classes: ['multicopter'] },
  { mode: 'ALT_HOLD', sets: ['altitude-hold'], classes: ['multicopter', 'sub'] },
  { mode: 'SMART_RTL', sets: ['rtl'], classes: ['multicopter', 'rover'] },
  // ArduPlane QuadPlane
  { mode: 'QLOITER', sets: ['position-hold', 'altitude-hold'], classes: ['vtol'] },
  { mode: 'QHOVER', sets: ['position-hold', 'altitude-hold'], classes: ['vtol'] },
  { mode: 'QRTL', sets: ['rtl'], classes: ['vtol'] },
  { mode: 'QLAND', sets: ['land'], classes: ['vtol'] },
  { mode: 'AUTO_RTL', sets: ['rtl'], classes: ['multicopter', 'fixed-wing', 'vtol'] },
  { mode: 'LOITER_ALT_QLAND', sets: ['land'], classes: ['vtol'] },
  { mode: 'AUTOLAND', sets: ['land'], classes: ['fixed-wing', 'vtol'] },
  { mode: 'VTOL_TAKEOFF', sets: ['takeoff'], classes: ['vtol'] },
  // PX4 (and the LOITER of every ArduPilot plane, which circles its point)
  { mode: 'POSCTL', sets: ['position-hold', 'altitude-hold'], classes: HOVERING },
  { mode: 'ALTCTL', sets: ['altitude-hold'], classes: HOVERING },
  {
    mode: 'AUTO.LOITER',
    sets: ['position-hold', 'altitude-hold'],
    classes: ['multicopter', 'vtol', 'fixed-wing', 'rover'],
  },
  {
    mode: 'AUTO_LOITER',
    sets: ['position-hold', 'altitude-hold'],
    classes: ['multicopter', 'vtol', 'fixed-wing', 'rover'],
  },
  {
    mode: 'HOLD',
    sets: ['position-hold', 'altitude-hold'],
    classes: ['multicopter', 'vtol', 'fixed-wing', 'rover'],
  },
  { mode: 'AUTO.RTL', sets: ['rtl'], classes: ALL },
  { mode: 'AUTO.LAND', sets: ['land'], classes: ALL },
  { mode: 'AUTO.PRECLAND', sets: ['land'], classes: HOVERING },
  { mode: 'AUTO.MISSION', sets: ['mission'], classes: ALL },
  { mode: 'MISSION', sets: ['mission'], classes: ALL },
  { mode: 'AUTO.TAKEOFF', sets: ['takeoff'], classes: ALL },
  { mode: 'OFFBOARD', sets: ['guided'], classes: ALL },
  // Every ArduPilot vehicle (and PX4's bare spellings)
  { mode: 'RTL', sets: ['rtl'], classes: ALL },
  { mode: 'LAND', sets: ['land'], classes: ALL },
  { mode: 'PRECLAND', sets: ['land'], classes: HOVERING },
  { mode: 'AUTO', sets: ['mission'], classes: ALL },
  { mode: 'TAKEOFF', sets: ['takeoff'], classes: ALL },
  { mode: 'GUIDED', sets: ['guided'], classes: ALL },
];

/**
 * The modes of a set for one vehicle class; for every class together when the class is not
 * known (a flight without heartbeats).
 */
export function modesOfSet(name: ModeSetName, vehicleClass: VehicleClass | null = null): string[] {
  return MODE_TABLE.filter(
    (row) =>
      row.sets.includes(name) && (vehicleClass === null || row.classes.includes(vehicleClass)),
  ).map((row) => row.mode);
}

/** Each set's modes over every class (what the reports colour a mode by). */
export const MODE_SETS: Record<ModeSetName, readonly string[]> = Object.fromEntries(
  MODE_SET_NAMES.map((name) => [name, modesOfSet(name)]),
) as unknown as Record<ModeSetName, readonly string[]>;

/** Return-or-land modes of this flight's vehicle class. */
export function failsafeModesOf(flight: FlightData): string[] {
  const vehicleClass = vehicleClassOf(flight);
  return [...modesOfSet('rtl', vehicleClass), ...modesOfSet('land', vehicleClass)];
}

/** A set's modes for this flight's vehicle class. */
export function flightModesOfSet(flight: FlightData, name: ModeSetName): string[] {
  return modesOfSet(name, vehicleClassOf(flight));
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
