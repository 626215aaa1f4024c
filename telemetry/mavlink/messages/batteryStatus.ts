import { i16, i32, i8, u16, u8 } from '../wire.js';

export const BATTERY_STATUS_ID = 147;

const CELL_COUNT = 10;
const CELLS_OFFSET = 10;
const EXT_CELL_COUNT = 4;
const EXT_CELLS_OFFSET = 41;

export interface BatteryStatus {
  id: number;
  /** [mAh]; -1 = unknown */
  consumedMah: number;
  /** [cA]; -1 = unknown */
  currentCa: number;
  /** [%]; -1 = unknown */
  remainingPct: number;
  /** Cells 1…10 [mV]; UINT16_MAX = not present */
  cellsMv: number[];
  /** Cells 11…14 [mV] (extension); 0 = not present */
  extCellsMv: number[];
}

export function decodeBatteryStatus(p: Uint8Array): BatteryStatus {
  const cellsMv: number[] = [];
  for (let i = 0; i < CELL_COUNT; i++) cellsMv.push(u16(p, CELLS_OFFSET + 2 * i));
  const extCellsMv: number[] = [];
  for (let i = 0; i < EXT_CELL_COUNT; i++) extCellsMv.push(u16(p, EXT_CELLS_OFFSET + 2 * i));
  return {
    id: u8(p, 32),
    consumedMah: i32(p, 0),
    currentCa: i16(p, 30),
    remainingPct: i8(p, 35),
    cellsMv,
    extCellsMv,
  };
}
