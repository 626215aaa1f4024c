import { u32, u8 } from '../wire.js';

export const HEARTBEAT_ID = 0;

export interface Heartbeat {
  customMode: number;
  /** MAV_TYPE */
  mavType: number;
  /** MAV_AUTOPILOT */
  autopilot: number;
  /** MAV_MODE_FLAG bits */
  baseMode: number;
  /** MAV_STATE */
  systemStatus: number;
}

export function decodeHeartbeat(p: Uint8Array): Heartbeat {
  return {
    customMode: u32(p, 0),
    mavType: u8(p, 4),
    autopilot: u8(p, 5),
    baseMode: u8(p, 6),
    systemStatus: u8(p, 7),
  };
}
