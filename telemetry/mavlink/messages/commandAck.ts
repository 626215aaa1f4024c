import { u16, u8 } from '../wire.js';

export const COMMAND_ACK_ID = 77;

export interface CommandAck {
  /** MAV_CMD */
  command: number;
  /** MAV_RESULT */
  result: number;
}

export function decodeCommandAck(p: Uint8Array): CommandAck {
  return { command: u16(p, 0), result: u8(p, 2) };
}
