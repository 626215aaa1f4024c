import { Binary } from '../driver.js';

/** Points of one channel: times [µs since epoch] and values, same length, in time order. */
export interface TimeValuePoints {
  tUs: number[];
  values: number[];
}

const BYTES_PER_PAIR = 16;

/** `(tUs, value)` pairs as little-endian Float64 bytes (exact: both are doubles already). */
export function encodeTimeValuePairs(points: TimeValuePoints): Uint8Array {
  const bytes = new Uint8Array(points.tUs.length * BYTES_PER_PAIR);
  const view = new DataView(bytes.buffer);
  points.tUs.forEach((tUs, i) => {
    view.setFloat64(i * BYTES_PER_PAIR, tUs, true);
    view.setFloat64(i * BYTES_PER_PAIR + 8, points.values[i] as number, true);
  });
  return bytes;
}

export function decodeTimeValuePairs(binary: Binary): TimeValuePoints {
  const bytes = binary.buffer.subarray(0, binary.position);
  if (bytes.length % BYTES_PER_PAIR !== 0) {
    throw new Error(`time-value pairs: ${bytes.length} bytes is not a whole number of pairs`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = bytes.length / BYTES_PER_PAIR;
  const points: TimeValuePoints = { tUs: new Array(count), values: new Array(count) };
  for (let i = 0; i < count; i++) {
    points.tUs[i] = view.getFloat64(i * BYTES_PER_PAIR, true);
    points.values[i] = view.getFloat64(i * BYTES_PER_PAIR + 8, true);
  }
  return points;
}

/** A binary holding `existing`'s pairs followed by `added`'s. */
export function appendTimeValuePairs(existing: Binary | undefined, added: TimeValuePoints): Binary {
  const tail = encodeTimeValuePairs(added);
  if (!existing) return new Binary(tail);
  const head = existing.buffer.subarray(0, existing.position);
  const joined = new Uint8Array(head.length + tail.length);
  joined.set(head, 0);
  joined.set(tail, head.length);
  return new Binary(joined);
}
