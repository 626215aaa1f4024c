import type { Binary, Collection, Db } from '../driver.js';
import type { DecodeStats, LinkStats } from '../../../telemetry/model/linkStats.js';
import type { FlightEvent } from '../../../telemetry/model/flightEvent.js';
import type { AnySample } from '../../../telemetry/model/sample.js';
import type { OpenFlight, VehicleIngestState } from '../../ingest/vehicleIngestState.js';

/**
 * The write-ahead log of /ingest: one document per accepted batch, `_id` `<linkId>:<seq>`.
 * Inserting it is the one atomic write a batch needs before its ack (a duplicate `_id` *is*
 * the de-duplication); the compactor folds it into flights afterwards. The log is cut into
 * segments, one collection per link and run of `BATCH_LOG_SEGMENT_SEQS` seqs, so a batch's seq
 * names its one collection (duplicates meet there) and folded segments are dropped whole.
 */
export interface StoredBatch {
  _id: string;
  linkId: string;
  seq: number;
  receivedAtMs: number;
  apiKeyId: string;
  rangeId: string | null;
  sentAtUs: number;
  /**
   * `{samples, events, linkStats, decodeStats}` as one BSON blob: the log is write-once and
   * read back whole, and a single binary field is far cheaper for FerretDB to store than
   * thousands of small objects, which keeps the ack (and the link's queue) short.
   */
  payload: Binary;
  rawTlog: Binary;
}

export interface BatchPayload {
  samples: AnySample[];
  events: FlightEvent[];
  linkStats: LinkStats[];
  decodeStats: DecodeStats;
}

/** One per ground-link: who is compacting it and how far. */
export interface StoredLink {
  _id: string;
  apiKeyId: string;
  rangeId: string | null;
  /** Highest seq whose batch is fully folded into flights. */
  appliedSeq: number | null;
  /** System ids heard on this link, so their states can be found by `_id`. */
  sysIds: number[];
  /** Flights of this link still open, so the silent-flight check skips quiet links cheaply. */
  openFlightCount: number;
  /** Server time the link's vehicles with open flights were last heard [ms since epoch]. */
  lastIngestAtMs: number;
  /** The server process compacting this link, and when it last said so [ms since epoch]. */
  ownerId: string | null;
  ownerSeenAtMs: number;
}

/** A vehicle's state as stored (see vehicleStateStore.ts): its flight's growing parts packed. */
export type StoredVehicleState = Omit<VehicleIngestState, 'flight'> & {
  _id: string;
  flight: (Omit<OpenFlight, 'openBuckets' | 'storage'> & { packed: Binary }) | OpenFlight | null;
};

export interface IngestCollections {
  links: Collection<StoredLink>;
  vehicles: Collection<StoredVehicleState>;
}

export function ingestCollections(db: Db): IngestCollections {
  return {
    links: db.collection<StoredLink>('ingestLinks'),
    vehicles: db.collection<StoredVehicleState>('ingestVehicles'),
  };
}

/**
 * The batch log lives in a database of its own: FerretDB keeps each database in its own SQLite
 * file with its own write lock, so a batch's insert (which the ack waits for) never queues
 * behind the compactor writing flights. On MongoDB it makes no difference.
 */
export function batchLogDb(db: Db): Db {
  return db.client.db(`${db.databaseName}_log`);
}

/**
 * Batches per log segment: 12.8 s of a ground-link batching every 50 ms. Small enough that a
 * folded segment goes soon, large enough that creating and dropping collections stays rare.
 */
export const BATCH_LOG_SEGMENT_SEQS = 256;

const SEGMENT_PREFIX = 'batches.';

export function segmentOf(seq: number): number {
  return Math.floor(seq / BATCH_LOG_SEGMENT_SEQS);
}

/** The highest seq a segment can hold. */
export function segmentEndSeq(segment: number): number {
  return (segment + 1) * BATCH_LOG_SEGMENT_SEQS - 1;
}

/** The collection of one log segment of a link: `batches.<linkId>.<segment>`. */
export function batchLogSegment(db: Db, linkId: string, segment: number): Collection<StoredBatch> {
  return batchLogDb(db).collection<StoredBatch>(
    `${SEGMENT_PREFIX}${linkId}.${String(segment).padStart(9, '0')}`,
  );
}

/** The segments a link has in the log, oldest first. */
export async function linkSegments(db: Db, linkId: string): Promise<number[]> {
  const prefix = `${SEGMENT_PREFIX}${linkId}.`;
  const collections = await batchLogDb(db).listCollections({}, { nameOnly: true }).toArray();
  return collections
    .map(({ name }) => name)
    .filter((name) => name.startsWith(prefix) && /^\d+$/.test(name.slice(prefix.length)))
    .map((name) => Number(name.slice(prefix.length)))
    .sort((a, b) => a - b);
}

/** Keys are zero-padded so `_id` order is seq order. */
export function batchKey(linkId: string, seq: number): string {
  return `${linkId}:${String(seq).padStart(12, '0')}`;
}

export function vehicleKey(linkId: string, sysId: number): string {
  return `${linkId}:${sysId}`;
}

/** Journaled, majority-acknowledged writes: an ack must survive a crash (FerretDB ignores it). */
export const DURABLE = { writeConcern: { w: 'majority' as const, j: true } };
