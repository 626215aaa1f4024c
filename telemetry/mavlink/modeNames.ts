import { ardupilotmega, minimal } from 'mavlink-mappings';
import { px4ModeName } from './px4CustomModes.js';

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

/** Autopilots without custom modes: the standard MAV_MODE_FLAG bits, most specific first. */
function baseModeName(baseMode: number): string {
  if (baseMode & MavModeFlag.AUTO_ENABLED) return 'AUTO';
  if (baseMode & MavModeFlag.GUIDED_ENABLED) return 'GUIDED';
  if (baseMode & MavModeFlag.STABILIZE_ENABLED) return 'STABILIZE';
  if (baseMode & MavModeFlag.MANUAL_INPUT_ENABLED) return 'MANUAL';
  return 'UNKNOWN';
}
