import { i32 } from '../wire.js';

export const HOME_POSITION_ID = 242;

export interface HomePosition {
  latE7: number;
  lonE7: number;
  altMslMm: number;
}

export function decodeHomePosition(p: Uint8Array): HomePosition {
  return { latE7: i32(p, 0), lonE7: i32(p, 4), altMslMm: i32(p, 8) };
}
