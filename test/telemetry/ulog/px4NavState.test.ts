import { describe, expect, it } from 'vitest';
import { modeName } from '../../../telemetry/mavlink/modeNames.js';
import { px4CustomModeOfNavState } from '../../../telemetry/ulog/px4NavState.js';

const PX4 = 12;
const QUADROTOR = 2;
const CUSTOM_MODE_ENABLED = 1;

function nameOf(navState: number): string {
  const custom = px4CustomModeOfNavState(navState) ?? navState;
  return modeName(PX4, QUADROTOR, CUSTOM_MODE_ENABLED, custom);
}

describe('PX4 nav_state → mode name', () => {
  // Expected: PX4's vehicle_status.msg NAVIGATION_STATE_* numbers and the custom mode
  // commander reports for each (get_px4_custom_mode), named as QGroundControl names them.
  it.each([
    [0, 'MANUAL'],
    [1, 'ALTCTL'],
    [2, 'POSCTL'],
    [3, 'MISSION'],
    [4, 'LOITER'],
    [5, 'RTL'],
    [10, 'ACRO'],
    [12, 'LAND'],
    [13, 'TERMINATION'],
    [14, 'OFFBOARD'],
    [15, 'STABILIZED'],
    [17, 'TAKEOFF'],
    [18, 'LAND'],
    [19, 'FOLLOWME'],
    [20, 'PRECLAND'],
    [22, 'VTOL_TAKEOFF'],
  ])('nav_state %i is %s, as the same flight heard over MAVLink', (navState, name) => {
    expect(nameOf(navState)).toBe(name);
  });

  it('keeps a nav_state no release known to Sortie visible by its number', () => {
    expect(nameOf(99)).toBe('MODE_99');
  });
});
