import { f32, i16, u16 } from '../wire.js';

export const VFR_HUD_ID = 74;

export interface VfrHud {
  airspeedMps: number;
  groundSpeedMps: number;
  altMslM: number;
  climbMps: number;
  headingDeg: number;
  throttlePct: number;
}

export function decodeVfrHud(p: Uint8Array): VfrHud {
  return {
    airspeedMps: f32(p, 0),
    groundSpeedMps: f32(p, 4),
    altMslM: f32(p, 8),
    climbMps: f32(p, 12),
    headingDeg: i16(p, 16),
    throttlePct: u16(p, 18),
  };
}
