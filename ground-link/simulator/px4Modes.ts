import {
  PX4_AUTO_SUB_MODE,
  PX4_MAIN_MODE,
  px4CustomMode as packPx4CustomMode,
} from '../../telemetry/mavlink/px4CustomModes.js';

export const SIM_FLIGHT_MODES = ['POSCTL', 'TAKEOFF', 'LOITER', 'MISSION', 'RTL', 'LAND'] as const;
export type SimFlightMode = (typeof SIM_FLIGHT_MODES)[number];

/** HEARTBEAT.custom_mode of a simulated mode (PX4's packing, from Sortie's one PX4 table). */
export function px4CustomMode(mode: SimFlightMode): number {
  if (mode === 'POSCTL') return packPx4CustomMode(PX4_MAIN_MODE.POSCTL);
  return packPx4CustomMode(PX4_MAIN_MODE.AUTO, PX4_AUTO_SUB_MODE[mode]);
}

/** MAV_AUTOPILOT_PX4 and MAV_TYPE_QUADROTOR. */
export const MAV_AUTOPILOT_PX4 = 12;
export const MAV_TYPE_QUADROTOR = 2;

/** base_mode flags PX4 sets: custom mode always, stabilised + guided while flying, armed. */
export const MAV_MODE_FLAG = {
  CUSTOM_MODE_ENABLED: 1,
  AUTO_ENABLED: 4,
  GUIDED_ENABLED: 8,
  STABILIZE_ENABLED: 16,
  MANUAL_INPUT_ENABLED: 64,
  SAFETY_ARMED: 128,
} as const;

export function px4BaseMode(mode: SimFlightMode, armed: boolean): number {
  let baseMode = MAV_MODE_FLAG.CUSTOM_MODE_ENABLED | MAV_MODE_FLAG.STABILIZE_ENABLED;
  if (mode === 'POSCTL') baseMode |= MAV_MODE_FLAG.MANUAL_INPUT_ENABLED;
  else baseMode |= MAV_MODE_FLAG.AUTO_ENABLED | MAV_MODE_FLAG.GUIDED_ENABLED;
  if (armed) baseMode |= MAV_MODE_FLAG.SAFETY_ARMED;
  return baseMode;
}

/** MAV_STATE values used in HEARTBEAT.system_status. */
export const MAV_STATE = { BOOT: 1, STANDBY: 3, ACTIVE: 4, CRITICAL: 5 } as const;

/** MAV_LANDED_STATE values used in EXTENDED_SYS_STATE. */
export const MAV_LANDED_STATE = { ON_GROUND: 1, IN_AIR: 2, TAKEOFF: 3, LANDING: 4 } as const;
