import { u16, u8 } from '../wire.js';

export const RADIO_STATUS_ID = 109;

/** Radio figures in the radio's own units (SiK: RSSI 0…254); UINT8_MAX = unknown. */
export interface RadioStatus {
  rxErrors: number;
  fixedErrors: number;
  rssi: number;
  remRssi: number;
  txBufPct: number;
  noise: number;
  remNoise: number;
}

export function decodeRadioStatus(p: Uint8Array): RadioStatus {
  return {
    rxErrors: u16(p, 0),
    fixedErrors: u16(p, 2),
    rssi: u8(p, 4),
    remRssi: u8(p, 5),
    txBufPct: u8(p, 6),
    noise: u8(p, 7),
    remNoise: u8(p, 8),
  };
}
