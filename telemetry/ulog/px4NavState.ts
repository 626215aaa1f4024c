/**
 * PX4's vehicle_status.nav_state as the HEARTBEAT custom_mode PX4 itself sends for it
 * (commander's get_px4_custom_mode: main mode in bits 16–23, sub mode in bits 24–31), so a
 * mode read from a .ulg gets its name from the same PX4 table (px4CustomModes.ts) as a mode heard
 * over MAVLink, and the two never disagree.
 */
import { PX4_AUTO_SUB_MODE, PX4_MAIN_MODE, px4CustomMode } from '../mavlink/px4CustomModes.js';

const MAIN = PX4_MAIN_MODE;
const AUTO_SUB = PX4_AUTO_SUB_MODE;
const custom = px4CustomMode;

/**
 * nav_state → custom_mode. The numbers are stable across PX4 releases for the modes listed;
 * slots PX4 reused (6–9 were RC-recovery, RTGS and engine/GPS-failure landing before 1.14)
 * are mapped as the old releases used them, since those are the logs that carry them.
 */
const CUSTOM_MODE_BY_NAV_STATE = new Map<number, number>([
  [0, custom(MAIN.MANUAL)],
  [1, custom(MAIN.ALTCTL)],
  [2, custom(MAIN.POSCTL)],
  [3, custom(MAIN.AUTO, AUTO_SUB.MISSION)],
  [4, custom(MAIN.AUTO, AUTO_SUB.LOITER)],
  [5, custom(MAIN.AUTO, AUTO_SUB.RTL)],
  [6, custom(MAIN.AUTO, AUTO_SUB.RTL)], // AUTO_RCRECOVER (≤ 1.13)
  [7, custom(MAIN.AUTO, AUTO_SUB.RTGS)], // AUTO_RTGS (≤ 1.13)
  [8, custom(MAIN.AUTO, AUTO_SUB.LAND)], // AUTO_LANDENGFAIL (≤ 1.13)
  [9, custom(MAIN.AUTO, AUTO_SUB.LAND)], // AUTO_LANDGPSFAIL (≤ 1.13)
  [10, custom(MAIN.ACRO)],
  [12, custom(MAIN.AUTO, AUTO_SUB.LAND)], // DESCEND: PX4 reports it as AUTO LAND
  [13, custom(MAIN.TERMINATION)],
  [14, custom(MAIN.OFFBOARD)],
  [15, custom(MAIN.STABILIZED)],
  [16, custom(MAIN.RATTITUDE)],
  [17, custom(MAIN.AUTO, AUTO_SUB.TAKEOFF)],
  [18, custom(MAIN.AUTO, AUTO_SUB.LAND)],
  [19, custom(MAIN.AUTO, AUTO_SUB.FOLLOWME)],
  [20, custom(MAIN.AUTO, AUTO_SUB.PRECLAND)],
  [21, custom(MAIN.POSCTL)], // ORBIT flies under POSCTL
  [22, custom(MAIN.AUTO, AUTO_SUB.VTOL_TAKEOFF)],
]);

/** The custom_mode for a nav_state; a state no table knows keeps its number visible. */
export function px4CustomModeOfNavState(navState: number): number | null {
  return CUSTOM_MODE_BY_NAV_STATE.get(navState) ?? null;
}
