import { createHash } from 'node:crypto';
import { EntityId } from '../store/ids.js';

/**
 * A flight's ObjectId, derived from what starts it (link, vehicle, first sample time) instead
 * of drawn at random: a batch replayed after a crash opens the same flight, not a second one.
 * Like any ObjectId it begins with its creation second, so ids still sort by start time.
 */
export function flightObjectId(linkId: string, sysId: number, startedAtUs: number): EntityId {
  const seconds = Math.floor(startedAtUs / 1e6) >>> 0;
  const hash = createHash('sha256').update(`${linkId}\u0000${sysId}\u0000${startedAtUs}`).digest();
  const bytes = Buffer.alloc(12);
  bytes.writeUInt32BE(seconds, 0);
  hash.copy(bytes, 4, 0, 8);
  return new EntityId(bytes.toString('hex'));
}
