import { isPlausibleGroundTime } from '../model/groundTimeBounds.js';

/** Further ahead of the link's clock than this, a timestamp is suspect (a flipped bit, a reset). */
const MAX_FORWARD_JUMP_US = 600_000_000;
/** Further back than this, too: receive order is time order, up to jitter between inputs. */
const MAX_BACKWARD_JUMP_US = 5_000_000;
/**
 * This many suspect timestamps in a row that agree with each other are a new clock, adopted.
 * Random corruption does not agree with itself three times running; a live link heard again
 * after a silence of more than MAX_FORWARD_JUMP_US has its first two frames timed late.
 */
const CONSISTENT_TO_ADOPT = 3;

/**
 * The ground clock of one link, guarded against corrupt timestamps. Frames arrive in receive
 * order, so a timestamp far from its neighbours is corrupt: it is counted and the frame takes
 * the clock's last trusted time instead. A clock that really jumped (a recorder restarted, the
 * host clock set) shows the same new time on many frames in a row, and is then followed.
 */
export class GroundClock {
  /** Timestamps replaced by the clock's time, since the link started. */
  badTimestamps = 0;
  /** Whether the latest `check` replaced its timestamp. */
  lastWasBad = false;
  private trustedUs: number | null = null;
  private candidateUs = 0;
  private candidateCount = 0;

  /** The ground time to use for a frame stamped `tUs`; null before any trusted time. */
  check(tUs: number): number | null {
    const trusted = this.trustedUs;
    if (!Number.isSafeInteger(tUs) || !isPlausibleGroundTime(tUs)) return this.reject(trusted);
    if (
      trusted === null ||
      (tUs - trusted <= MAX_FORWARD_JUMP_US && trusted - tUs <= MAX_BACKWARD_JUMP_US)
    ) {
      return this.accept(tUs, trusted === null || tUs > trusted ? tUs : trusted);
    }
    const agrees =
      this.candidateCount > 0 &&
      tUs >= this.candidateUs &&
      tUs - this.candidateUs <= MAX_FORWARD_JUMP_US;
    this.candidateCount = agrees ? this.candidateCount + 1 : 1;
    this.candidateUs = tUs;
    if (this.candidateCount >= CONSISTENT_TO_ADOPT) return this.accept(tUs, tUs);
    return this.reject(trusted);
  }

  /** Jitter backwards keeps the frame's own time but never moves the clock back. */
  private accept(tUs: number, clockUs: number): number {
    this.lastWasBad = false;
    this.candidateCount = 0;
    this.trustedUs = clockUs;
    return tUs;
  }

  private reject(trusted: number | null): number | null {
    this.badTimestamps++;
    this.lastWasBad = true;
    return trusted;
  }
}
