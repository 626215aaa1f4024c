import { describe, expect, it } from 'vitest';
import { minimal } from 'mavlink-mappings';
import { modeName } from '../../telemetry/mavlink/modeNames.js';

const { MavAutopilot: AP, MavType: T } = minimal;
const CUSTOM = minimal.MavModeFlag.CUSTOM_MODE_ENABLED;

/** PX4 packs custom_mode as main_mode << 16 | sub_mode << 24. */
const px4 = (main: number, sub = 0) => ((main << 16) | (sub << 24)) >>> 0;

describe('modeName', () => {
  it.each([
    ['Copter', T.QUADROTOR, 5, 'LOITER'],
    ['Copter', T.HEXAROTOR, 6, 'RTL'],
    ['Copter heli', T.HELICOPTER, 2, 'ALT_HOLD'],
    ['Plane', T.FIXED_WING, 5, 'FBWA'],
    ['Plane', T.FIXED_WING, 11, 'RTL'],
    ['QuadPlane', T.VTOL_TILTROTOR, 19, 'QLOITER'],
    ['QuadPlane', T.VTOL_FIXEDROTOR, 21, 'QRTL'],
    ['Rover', T.GROUND_ROVER, 4, 'HOLD'],
    ['Boat', T.SURFACE_BOAT, 10, 'AUTO'],
    ['Sub', T.SUBMARINE, 19, 'MANUAL'],
  ])('names ArduPilot %s modes (type %i, mode %i → %s)', (_what, mavType, custom, name) => {
    expect(modeName(AP.ARDUPILOTMEGA, mavType, CUSTOM, custom)).toBe(name);
  });

  it.each([
    [px4(1), 'MANUAL'],
    [px4(2), 'ALTCTL'],
    [px4(3), 'POSCTL'],
    [px4(6), 'OFFBOARD'],
    [px4(4, 3), 'LOITER'],
    [px4(4, 4), 'MISSION'],
    [px4(4, 5), 'RTL'],
    [px4(4, 6), 'LAND'],
    [px4(4, 2), 'TAKEOFF'],
  ])('names PX4 custom mode 0x%s as %s', (custom, name) => {
    expect(modeName(AP.PX4, T.QUADROTOR, CUSTOM, custom)).toBe(name);
  });

  it('keeps an unknown mode number visible instead of throwing', () => {
    expect(modeName(AP.ARDUPILOTMEGA, T.QUADROTOR, CUSTOM, 99)).toBe('MODE_99');
    expect(modeName(AP.ARDUPILOTMEGA, T.KITE, CUSTOM, 3)).toBe('MODE_3');
    expect(modeName(AP.PX4, T.QUADROTOR, CUSTOM, px4(4, 77))).toBe('AUTO_77');
  });

  it('falls back to the standard mode flags for autopilots without custom modes', () => {
    expect(modeName(AP.GENERIC, T.QUADROTOR, minimal.MavModeFlag.AUTO_ENABLED, 0)).toBe('AUTO');
    expect(modeName(AP.GENERIC, T.QUADROTOR, minimal.MavModeFlag.MANUAL_INPUT_ENABLED, 0)).toBe(
      'MANUAL',
    );
  });
});
