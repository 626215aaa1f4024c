import { ardupilotmega, minimal } from 'mavlink-mappings';

const { MavAutopilot, MavType, MavModeFlag } = minimal;
const { CopterMode, PlaneMode, RoverMode, SubMode, TrackerMode } = ardupilotmega;

type ModeTable = ReadonlyMap<number, string>;

/** Number → name of a TypeScript numeric enum from mavlink-mappings (ArduPilot's own XML). */
function tableOf(modes: Record<string, string | number>, renames: Record<string, string> = {}) {
  const table = new Map<number, string>();
  for (const [name, value] of Object.entries(modes)) {
    if (typeof value === 'number') table.set(value, renames[name] ?? name);
  }
  return table as ModeTable;
}

const COPTER = tableOf(CopterMode);
// Ground stations and ArduPilot's own messages say FBWA/FBWB; the XML spells them out.
const PLANE = tableOf(PlaneMode, { FLY_BY_WIRE_A: 'FBWA', FLY_BY_WIRE_B: 'FBWB' });
const ROVER = tableOf(RoverMode);
const SUB = tableOf(SubMode);
const TRACKER = tableOf(TrackerMode);

/** Which ArduPilot firmware a MAV_TYPE runs, hence which custom-mode table applies. */
const ARDUPILOT_TABLE_BY_MAV_TYPE = new Map<number, ModeTable>([
  [MavType.QUADROTOR, COPTER],
  [MavType.COAXIAL, COPTER],
  [MavType.HELICOPTER, COPTER],
  [MavType.HEXAROTOR, COPTER],
  [MavType.OCTOROTOR, COPTER],
  [MavType.TRICOPTER, COPTER],
  [MavType.DODECAROTOR, COPTER],
  [MavType.DECAROTOR, COPTER],
  [MavType.GENERIC_MULTIROTOR, COPTER],
  // Plane; QuadPlane reports a VTOL type and uses the same table (its Q-modes are in it).
  [MavType.FIXED_WING, PLANE],
  [MavType.VTOL_TAILSITTER_DUOROTOR, PLANE],
  [MavType.VTOL_TAILSITTER_QUADROTOR, PLANE],
  [MavType.VTOL_TILTROTOR, PLANE],
  [MavType.VTOL_FIXEDROTOR, PLANE],
  [MavType.VTOL_TAILSITTER, PLANE],
  [MavType.VTOL_TILTWING, PLANE],
  [MavType.VTOL_RESERVED5, PLANE],
  [MavType.GROUND_ROVER, ROVER],
  [MavType.SURFACE_BOAT, ROVER],
  [MavType.SUBMARINE, SUB],
  [MavType.ANTENNA_TRACKER, TRACKER],
]);

/** PX4_CUSTOM_MAIN_MODE → name (names as pymavlink and QGroundControl's PX4 plugin use). */
const PX4_MAIN = new Map<number, string>([
  [1, 'MANUAL'],
  [2, 'ALTCTL'],
  [3, 'POSCTL'],
  [5, 'ACRO'],
  [6, 'OFFBOARD'],
  [7, 'STABILIZED'],
  [8, 'RATTITUDE'],
  [9, 'SIMPLE'],
  [10, 'TERMINATION'],
]);
const PX4_MAIN_AUTO = 4;
/** PX4_CUSTOM_SUB_MODE_AUTO_* → name. */
const PX4_AUTO_SUB = new Map<number, string>([
  [1, 'READY'],
  [2, 'TAKEOFF'],
  [3, 'LOITER'],
  [4, 'MISSION'],
  [5, 'RTL'],
  [6, 'LAND'],
  [7, 'RTGS'],
  [8, 'FOLLOWME'],
  [9, 'PRECLAND'],
  [10, 'VTOL_TAKEOFF'],
]);

/**
 * The flight mode a HEARTBEAT reports, as a name (`LOITER`, `RTL`, `POSCTL`). Never throws: a
 * number no table knows comes back as `MODE_<n>` so a new firmware mode is still visible.
 */
export function modeName(
  autopilot: number,
  mavType: number,
  baseMode: number,
  customMode: number,
): string {
  const customEnabled = (baseMode & MavModeFlag.CUSTOM_MODE_ENABLED) !== 0;
  if (autopilot === MavAutopilot.ARDUPILOTMEGA) {
    const table = ARDUPILOT_TABLE_BY_MAV_TYPE.get(mavType);
    return table?.get(customMode) ?? `MODE_${customMode}`;
  }
  if (autopilot === MavAutopilot.PX4 && customEnabled) return px4ModeName(customMode);
  if (customEnabled) return `MODE_${customMode}`;
  return baseModeName(baseMode);
}

/** PX4 packs its mode as custom_mode = main_mode << 16 | sub_mode << 24. */
function px4ModeName(customMode: number): string {
  const main = (customMode >>> 16) & 0xff;
  const sub = (customMode >>> 24) & 0xff;
  if (main === PX4_MAIN_AUTO) return PX4_AUTO_SUB.get(sub) ?? `AUTO_${sub}`;
  return PX4_MAIN.get(main) ?? `MODE_${customMode}`;
}

/** Autopilots without custom modes: the standard MAV_MODE_FLAG bits, most specific first. */
function baseModeName(baseMode: number): string {
  if (baseMode & MavModeFlag.AUTO_ENABLED) return 'AUTO';
  if (baseMode & MavModeFlag.GUIDED_ENABLED) return 'GUIDED';
  if (baseMode & MavModeFlag.STABILIZE_ENABLED) return 'STABILIZE';
  if (baseMode & MavModeFlag.MANUAL_INPUT_ENABLED) return 'MANUAL';
  return 'UNKNOWN';
}
