/**
 * PX4's flight modes as PX4 packs them into HEARTBEAT.custom_mode (px4_custom_mode.h): main
 * mode in bits 16–23, sub mode in bits 24–31. The one PX4 mode table of Sortie: the MAVLink
 * mode names, the ULog nav_state mapping and the simulator all use it.
 */
export const PX4_MAIN_MODE = {
  MANUAL: 1,
  ALTCTL: 2,
  POSCTL: 3,
  AUTO: 4,
  ACRO: 5,
  OFFBOARD: 6,
  STABILIZED: 7,
  RATTITUDE: 8,
  SIMPLE: 9,
  TERMINATION: 10,
} as const;

/** PX4_CUSTOM_SUB_MODE_AUTO_*; names as pymavlink and QGroundControl's PX4 plugin use them. */
export const PX4_AUTO_SUB_MODE = {
  READY: 1,
  TAKEOFF: 2,
  LOITER: 3,
  MISSION: 4,
  RTL: 5,
  LAND: 6,
  RTGS: 7,
  FOLLOWME: 8,
  PRECLAND: 9,
  VTOL_TAKEOFF: 10,
} as const;

function namesOf(table: Record<string, number>): ReadonlyMap<number, string> {
  return new Map(Object.entries(table).map(([name, value]) => [value, name]));
}

const MAIN_NAMES = namesOf(PX4_MAIN_MODE);
const AUTO_SUB_NAMES = namesOf(PX4_AUTO_SUB_MODE);

export function px4CustomMode(mainMode: number, subMode = 0): number {
  // `>>> 0` keeps it an unsigned 32-bit value once the sub mode fills the top byte.
  return ((mainMode << 16) | (subMode << 24)) >>> 0;
}

/** The name of a PX4 custom_mode; a number no table knows comes back as `MODE_<n>`/`AUTO_<n>`. */
export function px4ModeName(customMode: number): string {
  const main = (customMode >>> 16) & 0xff;
  const sub = (customMode >>> 24) & 0xff;
  if (main === PX4_MAIN_MODE.AUTO) return AUTO_SUB_NAMES.get(sub) ?? `AUTO_${sub}`;
  return MAIN_NAMES.get(main) ?? `MODE_${customMode}`;
}
