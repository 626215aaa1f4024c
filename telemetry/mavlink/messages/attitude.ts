import { f32, u32 } from '../wire.js';

export const ATTITUDE_ID = 30;

export interface Attitude {
  timeBootMs: number;
  rollRad: number;
  pitchRad: number;
  yawRad: number;
  rollRateRadps: number;
  pitchRateRadps: number;
  yawRateRadps: number;
}

export function decodeAttitude(p: Uint8Array): Attitude {
  return {
    timeBootMs: u32(p, 0),
    rollRad: f32(p, 4),
    pitchRad: f32(p, 8),
    yawRad: f32(p, 12),
    rollRateRadps: f32(p, 16),
    pitchRateRadps: f32(p, 20),
    yawRateRadps: f32(p, 24),
  };
}
