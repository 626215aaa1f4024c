import { Types } from 'mongoose';

/**
 * The id of a stored record: users, makers, ranges, vehicles, flights, plans, evaluations.
 * The rest of the server names it by this type and never by the driver's.
 */
export type EntityId = Types.ObjectId;
export const EntityId = Types.ObjectId;

/** The id a client wrote, or null when it is not one (24 hex digits). */
export function parseEntityId(text: string): EntityId | null {
  return /^[0-9a-f]{24}$/i.test(text) ? new EntityId(text) : null;
}
