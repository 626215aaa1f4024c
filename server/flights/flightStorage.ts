import type { SampleKind } from '../../telemetry/model/sampleKinds.js';
import { Binary, type Collection, type Db } from './mongoDriver.js';
import type { FlightStorageIndex, OpenBucket } from '../ingest/vehicleIngestState.js';
import { findVehicleState } from '../ingest/vehicleStateStore.js';
import { decodeFloat64s, encodeFloat64s } from './float64Bytes.js';

/**
 * Where a closed flight's documents are; written once when it closes. `_id` is the flight id.
 * Bucket times are Float64 bytes: every read of the flight fetches this document first, and
 * FerretDB took ≈ 50 ms to decode the ≈ 10 000 numbers of a 1-hour flight's 14 kinds (a few
 * ms as bytes). Documents written before hold number arrays, and are read as they are.
 */
export interface FlightStorageDocument extends Omit<FlightStorageIndex, 'kinds'> {
  _id: string;
  kinds: Partial<Record<SampleKind, { t0s: Binary | number[]; t1s: Binary | number[] }>>;
  /** Set once every overview page of the flight was found whole or rebuilt (overviewBackfill). */
  overviewComplete?: boolean;
}

export function toFlightStorageDocument(
  flightId: string,
  index: FlightStorageIndex,
): FlightStorageDocument {
  const kinds: FlightStorageDocument['kinds'] = {};
  for (const [kind, times] of Object.entries(index.kinds) as [
    SampleKind,
    { t0s: number[]; t1s: number[] },
  ][]) {
    kinds[kind] = { t0s: encodeFloat64s(times.t0s), t1s: encodeFloat64s(times.t1s) };
  }
  return { ...index, _id: flightId, kinds };
}

export function fromFlightStorageDocument(stored: FlightStorageDocument): FlightStorageIndex {
  const numbers = (times: Binary | number[]) =>
    times instanceof Binary ? decodeFloat64s(times) : times;
  const kinds: FlightStorageIndex['kinds'] = {};
  for (const [kind, times] of Object.entries(stored.kinds) as [
    SampleKind,
    { t0s: Binary | number[]; t1s: Binary | number[] },
  ][]) {
    kinds[kind] = { t0s: numbers(times.t0s), t1s: numbers(times.t1s) };
  }
  const { _id, overviewComplete, ...index } = stored;
  void _id;
  void overviewComplete;
  return { ...index, kinds };
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
