import type { MavlinkFrame } from '../mavlink/frame.js';

/** Bytes of the big-endian µs timestamp in front of every frame of a .tlog. */
export const TLOG_TIMESTAMP_LENGTH = 8;

/** One record of a .tlog: the ground time a frame was received, and the frame. */
export interface TlogRecord {
  /** Ground receive time [µs since Unix epoch]. */
  tUs: number;
  /** The frame bytes exactly as stored (without the timestamp). */
  bytes: Uint8Array;
  /** Byte offset of the record (its timestamp) in the file. */
  offset: number;
  /** The frame, already CRC-checked and parsed; `frame.bytes === bytes`. */
  frame: MavlinkFrame;
}

/** Encodes one record: 8-byte big-endian µs timestamp, then the frame as is. */
export function encodeTlogRecord(tUs: number, frame: Uint8Array): Uint8Array {
  const out = new Uint8Array(TLOG_TIMESTAMP_LENGTH + frame.length);
  writeTimestamp(out, 0, tUs);
  out.set(frame, TLOG_TIMESTAMP_LENGTH);
  return out;
}

function writeTimestamp(out: Uint8Array, at: number, tUs: number): void {
  const high = Math.floor(tUs / 4294967296);
  const low = tUs - high * 4294967296;
  for (let i = 0; i < 4; i++) {
    out[at + 3 - i] = (high >>> (8 * i)) & 0xff;
    out[at + 7 - i] = (low >>> (8 * i)) & 0xff;
  }
}

/** Reads the big-endian µs timestamp at `at`; exact below 2^53 µs. */
export function readTimestamp(buf: Uint8Array, at: number): number {
  const high =
    (((buf[at] as number) << 24) |
      ((buf[at + 1] as number) << 16) |
      ((buf[at + 2] as number) << 8) |
      (buf[at + 3] as number)) >>>
    0;
  const low =
    (((buf[at + 4] as number) << 24) |
      ((buf[at + 5] as number) << 16) |
      ((buf[at + 6] as number) << 8) |
      (buf[at + 7] as number)) >>>
    0;
  return high * 4294967296 + low;
}
