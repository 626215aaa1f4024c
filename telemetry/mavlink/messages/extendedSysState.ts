import { u8 } from '../wire.js';

export const EXTENDED_SYS_STATE_ID = 245;

export interface ExtendedSysState {
  /** MAV_VTOL_STATE */
  vtolState: number;
  /** MAV_LANDED_STATE */
  landedState: number;
}

export function decodeExtendedSysState(p: Uint8Array): ExtendedSysState {
  return { vtolState: u8(p, 0), landedState: u8(p, 1) };
}
