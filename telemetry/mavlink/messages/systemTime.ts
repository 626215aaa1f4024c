import { u32, u64 } from '../wire.js';

export const SYSTEM_TIME_ID = 2;

export interface SystemTime {
  /** Vehicle UTC clock [µs since Unix epoch]; 0 = unknown */
  timeUnixUs: number;
  timeBootMs: number;
}

export function decodeSystemTime(p: Uint8Array): SystemTime {
  return { timeUnixUs: u64(p, 0), timeBootMs: u32(p, 8) };
}
