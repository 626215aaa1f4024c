import type { Collection, Db } from './mongoDriver.js';
import type { FlightStorageIndex, OpenBucket } from '../ingest/vehicleIngestState.js';
import { ingestCollections, vehicleKey } from '../ingest/ingestCollections.js';
import type { PendingOverview } from './telemetryOverview.js';

/** Where a closed flight's documents are; written once when it closes. `_id` is the flight id. */
export interface FlightStorageDocument extends FlightStorageIndex {
  _id: string;
}

export function flightStorageCollection(db: Db): Collection<FlightStorageDocument> {
  return db.collection<FlightStorageDocument>('flightStorage');
}

/** A flight's storage index, plus its still-open buckets and overview pages while it flies. */
export interface FlightStorageView {
  index: FlightStorageIndex;
  openBuckets: OpenBucket[];
  pendingOverview: PendingOverview;
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
  if (closed) return { index: closed, openBuckets: [], pendingOverview: {}, live: false };
  const state = await ingestCollections(db).vehicles.findOne({
    _id: vehicleKey(flight.linkId, flight.sysId),
  });
  if (state?.flight?.flightId !== flight.flightId) return null;
  return {
    index: state.flight.storage,
    openBuckets: state.flight.openBuckets,
    pendingOverview: state.flight.overview ?? {},
    live: true,
  };
}
