/**
 * PX4 flight modes as PX4 puts them in HEARTBEAT.custom_mode: main mode in bits 16–23,
 * sub mode in bits 24–31 (px4_custom_mode.h). Ground stations decode the mode from these.
 */
export const PX4_MAIN_MODE = { POSCTL: 3, AUTO: 4 } as const;
export const PX4_AUTO_SUB_MODE = { TAKEOFF: 2, LOITER: 3, MISSION: 4, RTL: 5, LAND: 6 } as const;

export const SIM_FLIGHT_MODES = ['POSCTL', 'TAKEOFF', 'LOITER', 'MISSION', 'RTL', 'LAND'] as const;
export type SimFlightMode = (typeof SIM_FLIGHT_MODES)[number];

export function px4CustomMode(mode: SimFlightMode): number {
  const subMode = mode === 'POSCTL' ? 0 : PX4_AUTO_SUB_MODE[mode];
  const mainMode = mode === 'POSCTL' ? PX4_MAIN_MODE.POSCTL : PX4_MAIN_MODE.AUTO;
  // `>>> 0` keeps it an unsigned 32-bit value once the sub mode fills the top byte.
  return ((mainMode << 16) | (subMode << 24)) >>> 0;
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
