import { minimal } from 'mavlink-mappings';
import { modeName } from '../mavlink/modeNames.js';

const { MavType, MavAutopilot, MavModeFlag } = minimal;

/** The ArduPilot firmware that wrote a log: it decides which mode numbering applies. */
export type VehicleClass =
  'copter' | 'helicopter' | 'plane' | 'quadplane' | 'rover' | 'sub' | 'tracker';

/** The MAV_TYPE the firmware reports over MAVLink, so the MAVLink mode tables name the modes. */
export const MAV_TYPE_OF_CLASS: Readonly<Record<VehicleClass, number>> = {
  copter: MavType.QUADROTOR,
  helicopter: MavType.HELICOPTER,
  plane: MavType.FIXED_WING,
  // QuadPlane: a VTOL type; the Plane table holds its Q-modes.
  quadplane: MavType.VTOL_FIXEDROTOR,
  rover: MavType.GROUND_ROVER,
  sub: MavType.SUBMARINE,
  tracker: MavType.ANTENNA_TRACKER,
};

/** VER.BU (APM_BUILD_*) → class. */
const CLASS_OF_BUILD = new Map<number, VehicleClass>([
  [1, 'rover'],
  [2, 'copter'],
  [3, 'plane'],
  [4, 'tracker'],
  [7, 'sub'],
  [13, 'helicopter'],
]);

export function classOfBuild(build: number): VehicleClass | null {
  return CLASS_OF_BUILD.get(build) ?? null;
}

/** The firmware banner every log starts with: "ArduCopter V4.1.0 (…)", "ArduPlane V3.6.0", … */
export function classOfBanner(text: string): VehicleClass | null {
  if (/\bArduSub\b/.test(text)) return 'sub';
  if (/\bArduPlane\b/.test(text)) return 'plane';
  if (/\bArduCopter\b/.test(text)) return /heli/i.test(text) ? 'helicopter' : 'copter';
  if (/\b(ArduRover|APMrover2|Rover)\b.*\bV\d/.test(text)) return 'rover';
  if (/\bAntennaTracker\b/.test(text)) return 'tracker';
  return null;
}

/** Mode number → name with the vehicle's own table; `MODE_<n>` when the class is not known yet. */
export function dataFlashModeName(vehicleClass: VehicleClass | null, modeNumber: number): string {
  if (vehicleClass === null) return `MODE_${modeNumber}`;
  return modeName(
    MavAutopilot.ARDUPILOTMEGA,
    MAV_TYPE_OF_CLASS[vehicleClass],
    MavModeFlag.CUSTOM_MODE_ENABLED,
    modeNumber,
  );
}
