import type { DecodeStats } from '../model/linkStats.js';
import {
  BAD_CRC,
  checkFrameAt,
  frameFromBytes,
  NEED_MORE_BYTES,
  UNKNOWN_MESSAGE,
} from '../mavlink/frameAt.js';
import { readTimestamp, TLOG_TIMESTAMP_LENGTH, type TlogRecord } from './tlogRecord.js';
import { concatBytes, copyBytes } from '../mavlink/concatBytes.js';

const EMPTY = new Uint8Array(0);

/**
 * Splits a .tlog byte stream into records (8-byte big-endian µs timestamp + one MAVLink frame),
 * exact at any chunking, in constant memory.
 *
 * A record is accepted only when a CRC-valid frame follows its 8 timestamp bytes; anything else
 * is skipped a byte at a time and counted in `junkBytes`. `badCrcFrames` and `unknownMessages`
 * count only rejections at the position where the next record was expected (right after the
 * previous record), so bytes scanned while resynchronising do not inflate them.
 *
 * Limit: a signed frame's 13-byte signature is outside its CRC and cannot be checked without the
 * key, so a record cut inside its signature swallows the start of the next record.
 */
export class TlogRecordSplitter {
  readonly stats: DecodeStats = { frames: 0, badCrcFrames: 0, junkBytes: 0, unknownMessages: 0 };
  private pending: Uint8Array = EMPTY;
  /** File offset of `pending[0]`. */
  private pendingOffset = 0;
  /** File offset where the next record should start if the file is intact. */
  private expectedOffset = 0;

  push(chunk: Uint8Array, onRecord: (record: TlogRecord) => void): void {
    const buf = this.pending.length === 0 ? chunk : concatBytes(this.pending, chunk);
    this.scan(buf, false, onRecord);
  }

  /** End of file: a record cut short becomes junk; whole records behind it are still found. */
  finish(onRecord: (record: TlogRecord) => void): void {
    this.scan(this.pending, true, onRecord);
  }

  private scan(buf: Uint8Array, atEnd: boolean, onRecord: (record: TlogRecord) => void): void {
    const end = buf.length;
    const baseOffset = this.pendingOffset;
    const stats = this.stats;
    let pos = 0;
    while (pos < end) {
      const framePos = pos + TLOG_TIMESTAMP_LENGTH;
      const verdict = framePos < end ? checkFrameAt(buf, framePos, end) : NEED_MORE_BYTES;
      if (verdict > 0) {
        const offset = baseOffset + pos;
        const frame = frameFromBytes(buf, framePos, verdict, offset + TLOG_TIMESTAMP_LENGTH);
        stats.frames++;
        onRecord({ tUs: readTimestamp(buf, pos), bytes: frame.bytes, offset, frame });
        pos = framePos + verdict;
        this.expectedOffset = baseOffset + pos;
        continue;
      }
      if (verdict === NEED_MORE_BYTES && !atEnd) break;
      if (baseOffset + pos === this.expectedOffset) {
        if (verdict === BAD_CRC) stats.badCrcFrames++;
        else if (verdict === UNKNOWN_MESSAGE) stats.unknownMessages++;
      }
      stats.junkBytes++;
      pos++;
    }
    this.pending = pos >= end ? EMPTY : copyBytes(buf, pos, end);
    this.pendingOffset = baseOffset + pos;
  }
}
