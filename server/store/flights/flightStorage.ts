import type { Collection, Db } from '../driver.js';
import type { FlightStorageIndex, OpenBucket } from '../../ingest/vehicleIngestState.js';
import { findVehicleState } from '../ingest/vehicleStateStore.js';
import {
  decodeBucketTimes,
  encodeBucketTimes,
  type StoredBucketTimes,
} from './bucketTimesBytes.js';

/**
 * Where a closed flight's documents are; written once when it closes. `_id` is the flight id.
 * Every read of the flight fetches this document first, so its bucket times are Float64 bytes
 * (bucketTimesBytes.ts); documents written before hold number arrays, and are read as they are.
 */
export interface FlightStorageDocument extends Omit<FlightStorageIndex, 'kinds'> {
  _id: string;
  kinds: StoredBucketTimes;
  /** Set once every overview page of the flight was found whole or rebuilt (overviewBackfill). */
  overviewComplete?: boolean;
}

export function toFlightStorageDocument(
  flightId: string,
  index: FlightStorageIndex,
): FlightStorageDocument {
  return { ...index, _id: flightId, kinds: encodeBucketTimes(index.kinds) };
}

export function fromFlightStorageDocument(stored: FlightStorageDocument): FlightStorageIndex {
  const { _id, overviewComplete, kinds, ...index } = stored;
  void _id;
  void overviewComplete;
  return { ...index, kinds: decodeBucketTimes(kinds) };
}

export function flightStorageCollection(db: Db): Collection<FlightStorageDocument> {
  return db.collection<FlightStorageDocument>('flightStorage');
}

/** A flight's storage index, plus its still-open buckets while it flies. */
export interface FlightStorageView {
  index: FlightStorageIndex;
  openBuckets: OpenBucket[];
  live: boolean;
}

/**
 * Finds a flight's storage: the closed flight's index, else the live flight's state in the
 * ingest state of its vehicle. Null when the flight has no stored data.
 */
export async function findFlightStorage(
  db: Db,
  flight: { flightId: string; linkId: string; sysId: number },
): Promise<FlightStorageView | null> {
  const closed = await flightStorageCollection(db).findOne({ _id: flight.flightId });
  if (closed) return { index: fromFlightStorageDocument(closed), openBuckets: [], live: false };
  const state = await findVehicleState(db, flight.linkId, flight.sysId);
  if (state?.flight?.flightId !== flight.flightId) return null;
  return { index: state.flight.storage, openBuckets: state.flight.openBuckets, live: true };
}
