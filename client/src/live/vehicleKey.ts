import type { VehicleState } from '../../../telemetry/model/vehicleState';

/** A vehicle is one MAVLink system on one ground-link. */
export function vehicleKey(state: Pick<VehicleState, 'linkId' | 'sysId'>): string {
  return `${state.linkId}:${state.sysId}`;
}

export function vehicleDisplayName(state: Pick<VehicleState, 'vehicleName' | 'sysId'>): string {
  return state.vehicleName ?? `SYS ${state.sysId}`;
}
