import { i16, i32, u16, u32 } from '../wire.js';

export const GLOBAL_POSITION_INT_ID = 33;

export interface GlobalPositionInt {
  timeBootMs: number;
  latE7: number;
  lonE7: number;
  altMslMm: number;
  altRelMm: number;
  /** Velocity north, east, down [cm/s]. */
  vxCmps: number;
  vyCmps: number;
  vzCmps: number;
  /** [cdeg]; UINT16_MAX = unknown */
  headingCdeg: number;
}

export function decodeGlobalPositionInt(p: Uint8Array): GlobalPositionInt {
  return {
    timeBootMs: u32(p, 0),
    latE7: i32(p, 4),
    lonE7: i32(p, 8),
    altMslMm: i32(p, 12),
    altRelMm: i32(p, 16),
    vxCmps: i16(p, 20),
    vyCmps: i16(p, 22),
    vzCmps: i16(p, 24),
    headingCdeg: u16(p, 26),
  };
}
