import type { FlightData } from '../flightData.js';

/**
 * What kind of vehicle flew, from HEARTBEAT `type` (MAV_TYPE). Test plans are written for one
 * of the first three; rovers and subs only choose their mode names here.
 */
export const VEHICLE_CLASSES = ['multicopter', 'fixed-wing', 'vtol', 'rover', 'sub'] as const;
export type VehicleClass = (typeof VEHICLE_CLASSES)[number];

/** The classes a test plan may name. */
export const PLAN_VEHICLE_CLASSES = ['multicopter', 'fixed-wing', 'vtol'] as const;
export type PlanVehicleClass = (typeof PLAN_VEHICLE_CLASSES)[number];

/** MAV_TYPE → class; types absent here (ground stations, gimbals, ADS-B …) are no vehicle. */
const CLASS_OF_MAV_TYPE = new Map<number, VehicleClass>([
  [1, 'fixed-wing'],
  [2, 'multicopter'], // QUADROTOR
  [3, 'multicopter'], // COAXIAL
  [4, 'multicopter'], // HELICOPTER
  [10, 'rover'], // GROUND_ROVER
  [11, 'rover'], // SURFACE_BOAT
  [12, 'sub'], // SUBMARINE
  [13, 'multicopter'], // HEXAROTOR
  [14, 'multicopter'], // OCTOROTOR
  [15, 'multicopter'], // TRICOPTER
  [19, 'vtol'], // VTOL_TAILSITTER_DUOROTOR
  [20, 'vtol'], // VTOL_TAILSITTER_QUADROTOR (ArduPlane QuadPlane reports this or 21/22)
  [21, 'vtol'], // VTOL_TILTROTOR
  [22, 'vtol'], // VTOL_FIXEDROTOR
  [23, 'vtol'], // VTOL_TAILSITTER
  [24, 'vtol'], // VTOL_TILTWING
  [25, 'vtol'], // VTOL_RESERVED5
  [29, 'multicopter'], // DODECAROTOR
  [35, 'multicopter'], // DECAROTOR
]);

export function vehicleClassOfMavType(mavType: number): VehicleClass | null {
  return CLASS_OF_MAV_TYPE.get(mavType) ?? null;
}

const cache = new WeakMap<FlightData, VehicleClass | null>();

/** The class most of the flight's heartbeats report, null when none names a vehicle. */
export function vehicleClassOf(flight: FlightData): VehicleClass | null {
  if (cache.has(flight)) return cache.get(flight) ?? null;
  const counts = new Map<VehicleClass, number>();
  const mavTypes = flight.series.heartbeat?.mavType ?? new Float64Array(0);
  for (const mavType of mavTypes) {
    const vehicleClass = Number.isNaN(mavType) ? null : vehicleClassOfMavType(mavType);
    if (vehicleClass) counts.set(vehicleClass, (counts.get(vehicleClass) ?? 0) + 1);
  }
  let best: VehicleClass | null = null;
  for (const [vehicleClass, count] of counts) {
    if (best === null || count > (counts.get(best) ?? 0)) best = vehicleClass;
  }
  cache.set(flight, best);
  return best;
}
