import type { DecodeStats } from '../model/linkStats.js';
import { checkFrameAt, frameFromBytes, NEED_MORE_BYTES, NOT_A_FRAME } from './frameAt.js';
import type { MavlinkFrame } from './frame.js';
import { countRejected } from './countRejected.js';
import { concatBytes, copyBytes } from './concatBytes.js';

const EMPTY = new Uint8Array(0);

/**
 * Finds MAVLink frames in a raw byte stream (serial, UDP, TCP): one scanner per stream.
 *
 * Exact at any chunking: a position is judged only once all the bytes its frame needs have
 * arrived, so a frame straddling chunks is never lost. Anything that is not a CRC-valid frame
 * (console text, line noise, frames of unknown messages) is skipped a byte at a time and
 * counted; the scanner never throws.
 */
export class FrameScanner {
  readonly stats: DecodeStats = { frames: 0, badCrcFrames: 0, junkBytes: 0, unknownMessages: 0 };
  /** Bytes of a frame that has not fully arrived yet (at most one frame long). */
  private pending: Uint8Array = EMPTY;
  /** Stream offset of `pending[0]`. */
  private pendingOffset = 0;

  push(chunk: Uint8Array, onFrame: (frame: MavlinkFrame) => void): void {
    const buf = this.pending.length === 0 ? chunk : concatBytes(this.pending, chunk);
    this.scan(buf, false, onFrame);
  }

  /**
   * End of stream: judges the bytes still waiting for a frame that will never complete. A cut
   * frame becomes junk, and any whole frame behind its first bytes is still found.
   */
  finish(onFrame: (frame: MavlinkFrame) => void): void {
    this.scan(this.pending, true, onFrame);
  }

  private scan(buf: Uint8Array, atEnd: boolean, onFrame: (frame: MavlinkFrame) => void): void {
    const end = buf.length;
    const baseOffset = this.pendingOffset;
    const stats = this.stats;
    let pos = 0;
    while (pos < end) {
      const verdict = checkFrameAt(buf, pos, end);
      if (verdict > 0) {
        stats.frames++;
        onFrame(frameFromBytes(buf, pos, verdict, baseOffset + pos));
        pos += verdict;
      } else if (verdict === NEED_MORE_BYTES && !atEnd) {
        break;
      } else {
        countRejected(stats, verdict === NEED_MORE_BYTES ? NOT_A_FRAME : verdict);
        pos++;
      }
    }
    // Copy: the caller may reuse its chunk buffer.
    this.pending = pos === end ? EMPTY : copyBytes(buf, pos, end);
    this.pendingOffset = baseOffset + pos;
  }
}
