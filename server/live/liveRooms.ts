/**
 * Room names of /live. Staff join a range's room (every vehicle on it) or `all`; anyone may
 * join the room of a flight they can see. A vehicle's news goes to all three at once.
 */
export const ALL_ROOM = 'all';

export function rangeRoom(rangeId: string | null): string {
  return `range:${rangeId ?? 'none'}`;
}

export function flightRoom(flightId: string): string {
  return `flight:${flightId}`;
}

/** The flight a room is of, or null for a range's room and `all`. */
export function flightIdOfRoom(room: string): string | null {
  return room.startsWith('flight:') ? room.slice('flight:'.length) : null;
}

export function roomsOfVehicle(rangeId: string | null, flightId: string | null): string[] {
  const rooms = [ALL_ROOM, rangeRoom(rangeId)];
  if (flightId) rooms.push(flightRoom(flightId));
  return rooms;
}
