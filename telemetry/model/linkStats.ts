import { z } from 'zod';

/** Link quality of one vehicle as one ground-link sees it, cumulative since the link started. */
export const linkStatsSchema = z.strictObject({
  sysId: z.number().int().min(0).max(255),
  compId: z.number().int().min(0).max(255),
  /** Ground time of the last frame heard [µs since Unix epoch]. */
  lastHeardUs: z.number().int().nonnegative(),
  framesReceived: z.number().int().nonnegative(),
  /** Frames missing from the MAVLink sequence numbers. */
  framesLost: z.number().int().nonnegative(),
  lossPct: z.number().min(0).max(100),
  /** Longest time between two heartbeats [ms]. */
  maxHeartbeatGapMs: z.number().nonnegative(),
});

export type LinkStats = z.infer<typeof linkStatsSchema>;

/** Frame-level counters of one ground-link input, over all vehicles. */
export const decodeStatsSchema = z.strictObject({
  frames: z.number().int().nonnegative(),
  badCrcFrames: z.number().int().nonnegative(),
  junkBytes: z.number().int().nonnegative(),
  unknownMessages: z.number().int().nonnegative(),
});

export type DecodeStats = z.infer<typeof decodeStatsSchema>;
