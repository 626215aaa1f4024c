/**
 * CRC-16/MCRF4XX (the "X.25" CRC of the MAVLink spec): poly 0x1021 reflected, init 0xFFFF.
 * Table-driven because the framer checks every byte of every frame.
 */
const CRC_TABLE = buildTable();

function buildTable(): Uint16Array {
  const table = new Uint16Array(256);
  for (let byte = 0; byte < 256; byte++) {
    // The MAVLink accumulate step, run once per possible byte value.
    let crc = 0;
    let tmp = byte ^ (crc & 0xff);
    tmp = (tmp ^ (tmp << 4)) & 0xff;
    crc = (crc >> 8) ^ (tmp << 8) ^ (tmp << 3) ^ (tmp >> 4);
    table[byte] = crc & 0xffff;
  }
  return table;
}

export const CRC_INIT = 0xffff;

/** Accumulates `bytes[start, end)` into `crc`. */
export function crc16Update(crc: number, bytes: Uint8Array, start: number, end: number): number {
  let c = crc;
  for (let i = start; i < end; i++) {
    c = (c >>> 8) ^ (CRC_TABLE[(c ^ (bytes[i] as number)) & 0xff] as number);
  }
  return c;
}

export function crc16Byte(crc: number, byte: number): number {
  return (crc >>> 8) ^ (CRC_TABLE[(crc ^ byte) & 0xff] as number);
}
