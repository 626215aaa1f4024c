import type { Collection, Db } from '../driver.js';
import type { FlightEvent } from '../../../telemetry/model/flightEvent.js';

/** A flight event as stored: numbered per flight so `_id` `<flightId>:<number>` finds it. */
export interface StoredFlightEvent extends FlightEvent {
  _id: string;
  flightId: string;
  number: number;
  /**
   * Raised by the server itself (flight closed, link silent) rather than the ground-link, or
   * merged later from the drone's onboard log (see mergeOnboardLog.ts).
   */
  origin: 'link' | 'server' | 'onboard-log';
}

export function flightEventsCollection(db: Db): Collection<StoredFlightEvent> {
  return db.collection<StoredFlightEvent>('flightEvents');
}

export function eventId(flightId: string, number: number): string {
  return `${flightId}:${String(number).padStart(6, '0')}`;
}

export async function ensureEventIndexes(db: Db): Promise<void> {
  await flightEventsCollection(db).createIndex({ flightId: 1, tUs: 1 });
}
