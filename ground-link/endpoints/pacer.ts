import { setTimeout as sleep } from 'node:timers/promises';

/** Replay speed: a factor of real time, or as fast as the sinks take the frames. */
export type ReplaySpeed = number | 'max';

/**
 * Holds a recorded or simulated stream to its original pace times `speed`: a frame stamped
 * `tUs` is released `(tUs - firstUs) / speed` after the first one.
 */
export class Pacer {
  private firstUs: number | null = null;
  private startedAtMs = 0;

  constructor(private readonly speed: ReplaySpeed) {
    if (speed !== 'max' && !(speed > 0)) throw new Error(`Replay speed must be > 0 (got ${speed})`);
  }

  async waitFor(tUs: number): Promise<void> {
    if (this.speed === 'max') return;
    if (this.firstUs === null) {
      this.firstUs = tUs;
      this.startedAtMs = performance.now();
      return;
    }
    const dueMs = this.startedAtMs + (tUs - this.firstUs) / 1000 / this.speed;
    const waitMs = dueMs - performance.now();
    // Timers below ~2 ms cost more than they buy; frames that close together go out together.
    if (waitMs > 2) await sleep(waitMs);
  }
}
