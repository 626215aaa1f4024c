import { f32, u32 } from '../wire.js';

export const VIBRATION_ID = 241;

export interface Vibration {
  vibeXMps2: number;
  vibeYMps2: number;
  vibeZMps2: number;
  clipping0: number;
  clipping1: number;
  clipping2: number;
}

export function decodeVibration(p: Uint8Array): Vibration {
  return {
    vibeXMps2: f32(p, 8),
    vibeYMps2: f32(p, 12),
    vibeZMps2: f32(p, 16),
    clipping0: u32(p, 20),
    clipping1: u32(p, 24),
    clipping2: u32(p, 28),
  };
}
