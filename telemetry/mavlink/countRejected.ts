import type { DecodeStats } from '../model/linkStats.js';
import { BAD_CRC, UNKNOWN_MESSAGE } from './frameAt.js';

/**
 * Counts one rejected start position. Each rejected position is one junk byte: the scanner
 * moves on by one byte, so every byte outside an accepted frame is counted as junk once.
 * A bad-CRC candidate can also arise inside junk that happens to hold a start byte.
 */
export function countRejected(stats: DecodeStats, verdict: number): void {
  stats.junkBytes++;
  if (verdict === BAD_CRC) stats.badCrcFrames++;
  else if (verdict === UNKNOWN_MESSAGE) stats.unknownMessages++;
}
