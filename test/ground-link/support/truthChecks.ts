import type { SimFlightMode, VehicleTruth } from '../../../ground-link/simulator/index.js';

/** The modes a vehicle flew from arming to disarming: the one active at arming, then changes. */
export function truthModesInFlight(vehicle: VehicleTruth): { tUs: number; mode: SimFlightMode }[] {
  const armUs = vehicle.armUs ?? 0;
  const disarmUs = vehicle.disarmUs ?? Infinity;
  const before = vehicle.modes.filter((m) => m.tUs <= armUs).at(-1);
  const during = vehicle.modes.filter((m) => m.tUs > armUs && m.tUs <= disarmUs);
  return [...(before ? [{ tUs: armUs, mode: before.mode }] : []), ...during];
}
