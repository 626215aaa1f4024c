import { u16, u8 } from '../wire.js';

export const MISSION_CURRENT_ID = 42;

export interface MissionCurrent {
  seq: number;
  /** Extension; UINT16_MAX = unknown, 0 when the sender predates it. */
  total: number;
  /** MISSION_STATE (extension); 0 = unknown */
  missionState: number;
}

export function decodeMissionCurrent(p: Uint8Array): MissionCurrent {
  return { seq: u16(p, 0), total: u16(p, 2), missionState: u8(p, 4) };
}
