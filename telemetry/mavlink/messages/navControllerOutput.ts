import { f32, i16, u16 } from '../wire.js';

export const NAV_CONTROLLER_OUTPUT_ID = 62;

export interface NavControllerOutput {
  navRollDeg: number;
  navPitchDeg: number;
  altErrorM: number;
  airspeedErrorMps: number;
  xtrackErrorM: number;
  navBearingDeg: number;
  targetBearingDeg: number;
  wpDistM: number;
}

export function decodeNavControllerOutput(p: Uint8Array): NavControllerOutput {
  return {
    navRollDeg: f32(p, 0),
    navPitchDeg: f32(p, 4),
    altErrorM: f32(p, 8),
    airspeedErrorMps: f32(p, 12),
    xtrackErrorM: f32(p, 16),
    navBearingDeg: i16(p, 20),
    targetBearingDeg: i16(p, 22),
    wpDistM: u16(p, 24),
  };
}
