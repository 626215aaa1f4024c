import type { SampleKind } from '../../telemetry/model/sampleKinds.js';
import type { VehicleState } from '../../telemetry/model/vehicleState.js';
import type { FenceStatus } from '../certification/fences/fenceStatus.js';
import type { FlightSummaryAccumulator } from './flightSummary.js';

/** The bucket of one kind still being filled; sealed into `telemetry` when full. */
export interface OpenBucket {
  kind: SampleKind;
  index: number;
  t0: number;
  t1: number;
  n: number;
  t: number[];
  columns: Record<string, (number | null)[]>;
}

/** Where a flight's stored data is, so readers find every document by `_id`. */
export interface FlightStorageIndex {
  /** Per kind: start and end time of each sealed bucket, in bucket-index order [µs]. */
  kinds: Partial<Record<SampleKind, { t0s: number[]; t1s: number[] }>>;
  eventCount: number;
  rawPieceCount: number;
}

/** The flight a vehicle is flying (or about to fly: before arming it is the pre-flight part). */
export interface OpenFlight {
  flightId: string;
  /**
   * False while the vehicle has not armed: the pre-flight part is stored under the flight's
   * id but no flight is listed until it arms, and it is discarded if it never does. Absent in
   * states stored before pre-flight parts were held back: those flights were all listed.
   */
  listed?: boolean;
  startedAtUs: number;
  armedAtUs: number | null;
  armed: boolean;
  /** Set at a disarm; cleared if the vehicle re-arms within the grace. */
  disarmedAtUs: number | null;
  lastTUs: number;
  storage: FlightStorageIndex;
  openBuckets: OpenBucket[];
  summary: FlightSummaryAccumulator;
  summaryWrittenAtMs: number;
}

/**
 * Everything ingest keeps about one vehicle on one ground-link, in MongoDB (collection
 * `ingestVehicles`, `_id` `<linkId>:<sysId>`): a server that takes the link over reads it and
 * carries on.
 */
export interface VehicleIngestState {
  linkId: string;
  sysId: number;
  compId: number;
  vehicleId: string;
  makerId: string | null;
  makerName: string;
  rangeId: string | null;
  vehicleName: string;
  /** Highest batch seq folded into this state. */
  appliedSeq: number | null;
  /** Server clock when the vehicle was last heard [ms since epoch]; silence is judged on it. */
  lastIngestAtMs: number;
  flight: OpenFlight | null;
  /** Latest state as the live view shows it. */
  live: VehicleState;
  /** Cumulative link counters last reported, to turn them into per-flight deltas. */
  linkCounters: LinkCounters | null;
  /**
   * Fence status at the last position checked while armed, so the next sample's change of
   * state raises the right event; null (or absent, in states stored before fences were
   * checked) when disarmed or unchecked.
   */
  fence?: FenceStatus | null;
  /** Ground time of the last frame before a `link-lost` was raised; null (or absent) while heard. */
  linkLostSinceUs?: number | null;
}

/** A ground-link's cumulative sequence-number counters of one vehicle (see `LinkStats`). */
export interface LinkCounters {
  framesReceived: number;
  framesLostBySeq: number;
  framesLostEstimated: number;
}
