import { i16, i8, u16 } from '../wire.js';

export const SYS_STATUS_ID = 1;

export interface SysStatus {
  /** [d%] (0.1 %) */
  loadDpct: number;
  /** [mV]; UINT16_MAX = unknown */
  voltageMv: number;
  /** [cA]; -1 = unknown */
  currentCa: number;
  /** [c%] (0.01 %) */
  dropRateCommCpct: number;
  /** [%]; -1 = unknown */
  remainingPct: number;
}

export function decodeSysStatus(p: Uint8Array): SysStatus {
  return {
    loadDpct: u16(p, 12),
    voltageMv: u16(p, 14),
    currentCa: i16(p, 16),
    dropRateCommCpct: u16(p, 18),
    remainingPct: i8(p, 30),
  };
}
