import type { FlightEvent } from '../../../telemetry/model/flightEvent.js';
import type { SampleKind } from '../../../telemetry/model/sampleKinds.js';
import type { StoredFlightEvent } from '../flights/flightEventStore.js';
import type { RawTlogChunk, RawTlogFile } from '../flights/rawTlogStore.js';
import type { TelemetryBucket } from '../flights/telemetryBuckets.js';
import type { TelemetryOverviewDocument } from '../flights/telemetryOverview.js';
import type { FlightStorageDocument } from '../flights/flightStorage.js';
import type { OpenFlight, VehicleIngestState } from '../../ingest/vehicleIngestState.js';

export interface NewFlight {
  _id: string;
  vehicleId: string;
  makerId: string | null;
  rangeId: string | null;
  vehicleName: string;
  makerName: string;
  linkId: string;
  sysId: number;
  compId: number;
  startedAtUs: number;
}

/** What earlier passes stored of a discarded pre-flight part, to delete (all by `_id`). */
export interface DiscardedFlightData {
  flightId: string;
  bucketIds: string[];
  overviewPageIds: { kind: SampleKind; ids: string[] }[];
  eventIds: string[];
  rawFileIds: string[];
}

/** What one compaction pass will write, collected first so writes go out in a safe order. */
export interface IngestWritePlan {
  newFlights: NewFlight[];
  /** `$set`s on flight documents, by flight id (later ones merged over earlier ones). */
  flightUpdates: Map<string, Record<string, unknown>>;
  buckets: TelemetryBucket[];
  overviewPages: TelemetryOverviewDocument[];
  events: StoredFlightEvent[];
  rawFiles: RawTlogFile[];
  rawChunks: RawTlogChunk[];
  storageIndexes: FlightStorageDocument[];
  discarded: DiscardedFlightData[];
  /** Raw records waiting to become one piece per flight at the end of the pass. */
  pendingRaw: Map<
    string,
    { flight: OpenFlight; records: Uint8Array[]; firstTUs: number; lastTUs: number }
  >;
  /** What browsers must hear about once the pass is stored. */
  notices: LiveNotice[];
}

export type LiveNotice =
  /** Heard without a flight (not armed yet): browsers see it on the pad. */
  | { type: 'vehicle-heard'; state: VehicleIngestState }
  | { type: 'flight-started'; flightId: string; state: VehicleIngestState }
  | { type: 'flight-ended'; flightId: string; reason: string; state: VehicleIngestState }
  | { type: 'server-event'; flightId: string; event: FlightEvent; state: VehicleIngestState };

export function emptyWritePlan(): IngestWritePlan {
  return {
    newFlights: [],
    flightUpdates: new Map(),
    buckets: [],
    overviewPages: [],
    events: [],
    rawFiles: [],
    rawChunks: [],
    storageIndexes: [],
    discarded: [],
    pendingRaw: new Map(),
    notices: [],
  };
}

export function updateFlight(
  plan: IngestWritePlan,
  flightId: string,
  set: Record<string, unknown>,
) {
  plan.flightUpdates.set(flightId, { ...plan.flightUpdates.get(flightId), ...set });
}
