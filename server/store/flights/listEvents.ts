import type { Connection } from 'mongoose';
import type { FlightEvent } from '../../../telemetry/model/flightEvent.js';
import { eventId, flightEventsCollection, type StoredFlightEvent } from './flightEventStore.js';
import { findFlightRef } from './flightRef.js';
import { findFlightStorage } from './flightStorage.js';

export interface ListedEvent extends FlightEvent {
  id: string;
  origin: StoredFlightEvent['origin'];
}

/** How many event lookups run at once. */
const PARALLEL_LOOKUPS = 64;

/**
 * A flight's events in time order, or null when the flight does not exist. Events are read by
 * their numbered `_id`s (the flight's storage index says how many there are).
 */
export async function listEvents(
  connection: Connection,
  flightId: string,
): Promise<ListedEvent[] | null> {
  const db = connection.db;
  if (!db) throw new Error('database connection is not open');
  const flight = await findFlightRef(connection, flightId);
  if (!flight) return null;
  const storage = await findFlightStorage(db, flight);
  const count = storage?.index.eventCount ?? 0;
  const events: ListedEvent[] = [];
  for (let first = 0; first < count; first += PARALLEL_LOOKUPS) {
    const ids = Array.from({ length: Math.min(PARALLEL_LOOKUPS, count - first) }, (_, k) =>
      eventId(flightId, first + k),
    );
    const found = await Promise.all(ids.map((_id) => flightEventsCollection(db).findOne({ _id })));
    for (const stored of found) {
      if (!stored) continue;
      const { _id, type, tUs, sysId, compId, severity, message, data, origin } = stored;
      events.push({
        id: _id,
        type,
        tUs,
        sysId,
        compId,
        severity,
        message,
        data: data ?? {},
        origin,
      });
    }
  }
  return events.sort((a, b) => a.tUs - b.tUs);
}
