import { z } from 'zod';
import { MAX_GROUND_TIME_US } from './groundTimeBounds.js';

/** Link quality of one vehicle as one ground-link sees it, cumulative since the link started. */
export const linkStatsSchema = z.strictObject({
  sysId: z.number().int().min(0).max(255),
  compId: z.number().int().min(0).max(255),
  /** Ground time of the last frame heard [µs since Unix epoch]. */
  lastHeardUs: z.number().int().nonnegative().max(MAX_GROUND_TIME_US),
  framesReceived: z.number().int().nonnegative(),
  /** Frames missing from the MAVLink sequence numbers as they show: what pymavlink counts. */
  framesLostBySeq: z.number().int().nonnegative(),
  /**
   * Whole wraps of 256 frames that silences hid, estimated from the long-run send rate: an
   * estimate, kept apart from the counted loss.
   */
  framesLostEstimated: z.number().int().nonnegative(),
  /** Lost share of all frames sent, counted and estimated [%]. */
  lossPct: z.number().min(0).max(100),
  /** Frames whose ground timestamp was corrupt and was kept out of every timing. */
  badTimestamps: z.number().int().nonnegative(),
  /** Longest time between two heartbeats [ms]. */
  maxHeartbeatGapMs: z.number().nonnegative(),
});

export type LinkStats = z.infer<typeof linkStatsSchema>;

/** Lost share of all frames sent, counted and estimated [%]; 0 before any frame. */
export function lossPctOf(counts: {
  framesReceived: number;
  framesLostBySeq: number;
  framesLostEstimated: number;
}): number {
  const lost = counts.framesLostBySeq + counts.framesLostEstimated;
  const sent = counts.framesReceived + lost;
  return sent === 0 ? 0 : (100 * lost) / sent;
}

/** Frame-level counters of one ground-link input, over all vehicles. */
export const decodeStatsSchema = z.strictObject({
  frames: z.number().int().nonnegative(),
  badCrcFrames: z.number().int().nonnegative(),
  junkBytes: z.number().int().nonnegative(),
  unknownMessages: z.number().int().nonnegative(),
});

export type DecodeStats = z.infer<typeof decodeStatsSchema>;
