import {
  CHECKSUM_LENGTH,
  HEADER_LENGTH_V1,
  HEADER_LENGTH_V2,
  INCOMPAT_FLAG_SIGNED,
  SIGNATURE_LENGTH,
  STX_V1,
  STX_V2,
} from '../../telemetry/mavlink/frame.js';
import { readTimestamp, TLOG_TIMESTAMP_LENGTH } from '../../telemetry/tlog/tlogRecord.js';

/** One .tlog record of a batch: where it is in the chunk, when, and whose frame it holds. */
export interface RawRecord {
  tUs: number;
  sysId: number;
  compId: number;
  /** Byte range of the whole record (timestamp + frame) in the batch's rawTlog. */
  start: number;
  end: number;
}

export class RawTlogError extends Error {
  override readonly name = 'RawTlogError';
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/**
 * Walks a batch's rawTlog record by record using only the frame headers (the ground-link has
 * already checked every CRC, and a dialect this server does not know must still be stored
 * byte-exact). Throws a RawTlogError naming the byte offset where the chunk stops being a
 * sequence of whole records.
 */
export function rawTlogRecords(bytes: Uint8Array): RawRecord[] {
  const records: RawRecord[] = [];
  let at = 0;
  while (at < bytes.length) {
    const frameAt = at + TLOG_TIMESTAMP_LENGTH;
    const stx = bytes[frameAt];
    const payloadLength = bytes[frameAt + 1];
    if (stx === undefined || payloadLength === undefined) {
      throw new RawTlogError(`rawTlog ends inside a record at byte offset ${at}`, at);
    }
    let frameLength: number;
    let sysId: number | undefined;
    let compId: number | undefined;
    if (stx === STX_V2) {
      const incompat = bytes[frameAt + 2] ?? 0;
      const signature = incompat & INCOMPAT_FLAG_SIGNED ? SIGNATURE_LENGTH : 0;
      frameLength = HEADER_LENGTH_V2 + payloadLength + CHECKSUM_LENGTH + signature;
      sysId = bytes[frameAt + 5];
      compId = bytes[frameAt + 6];
    } else if (stx === STX_V1) {
      frameLength = HEADER_LENGTH_V1 + payloadLength + CHECKSUM_LENGTH;
      sysId = bytes[frameAt + 3];
      compId = bytes[frameAt + 4];
    } else {
      throw new RawTlogError(
        `rawTlog has no MAVLink frame start (0xFD/0xFE) at byte offset ${frameAt}`,
        frameAt,
      );
    }
    const end = frameAt + frameLength;
    if (end > bytes.length || sysId === undefined || compId === undefined) {
      throw new RawTlogError(`rawTlog ends inside a record at byte offset ${at}`, at);
    }
    records.push({ tUs: readTimestamp(bytes, at), sysId, compId, start: at, end });
    at = end;
  }
  return records;
}
