import type { Connection } from 'mongoose';
import { findFlightStorage } from '../flights/flightStorage.js';
import type { Db } from '../driver.js';
import type { FlightStorageIndex } from '../../ingest/vehicleIngestState.js';
import type { StoredFlightRef } from './loadStoredFlightData.js';

/** The driver database under a mongoose connection (flight storage is written through it). */
export function flightDb(connection: Connection): Db {
  const db = connection.db;
  if (!db) throw new Error('The database connection is not open.');
  return db;
}

/** Where the flight's buckets, events and raw pieces are, or null when nothing was stored. */
export async function flightStorageOf(
  db: Db,
  flight: StoredFlightRef,
): Promise<FlightStorageIndex | null> {
  return (await findFlightStorage(db, flight))?.index ?? null;
}
