import { Binary } from '../driver.js';

/** Numbers as little-endian Float64 bytes: exact, and one field for FerretDB to decode. */
export function encodeFloat64s(values: readonly number[]): Binary {
  const bytes = new Uint8Array(values.length * 8);
  const view = new DataView(bytes.buffer);
  values.forEach((value, i) => view.setFloat64(i * 8, value, true));
  return new Binary(bytes);
}

export function decodeFloat64s(binary: Binary): number[] {
  const bytes = binary.buffer.subarray(0, binary.position);
  if (bytes.length % 8 !== 0) {
    throw new Error(`float64 bytes: ${bytes.length} bytes is not a whole number of values`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Array.from({ length: bytes.length / 8 }, (_, i) => view.getFloat64(i * 8, true));
}
