import type { SampleKind } from '../../telemetry/model/sampleKinds.js';
import type { Binary, Collection, Db } from './mongoDriver.js';

/**
 * Part of the downsampled copy of one kind of one flight, written as the flight is stored, so a
 * review of a whole flight reads a few small documents instead of every bucket. Each sealed
 * bucket adds, per channel, its first and last known sample and the lowest and highest one in
 * each of `OVERVIEW_SLOTS_PER_BUCKET` equal time slots: real samples, so a spike survives and
 * every time is a sample's own.
 */
export interface OverviewPage {
  page: number;
  /** The sealed buckets summarised here, ascending (a page may miss some, never invent one). */
  bucketIndexes: number[];
  /** Samples in each of those buckets, for the series' `totalPoints`. */
  bucketSampleCounts: number[];
  /**
   * Per channel, `(tUs, value)` pairs as little-endian Float64 bytes, in time order, unknown
   * values left out. Bytes, not number arrays: FerretDB decodes one binary field about five
   * times faster than the same numbers as an array (measured), and a page is derived data,
   * written once and read whole, like the batch log's payload.
   */
  columns: Record<string, Binary>;
}

/** A page as stored in `telemetryOverview`; `_id` is `<flightId>:<kind>:<page>`. */
export interface TelemetryOverviewDocument extends OverviewPage {
  _id: string;
  flightId: string;
  kind: SampleKind;
}

/** An open flight's pages still being filled, one per kind; kept in its ingest state. */
export type PendingOverview = Partial<Record<SampleKind, OverviewPage>>;

/**
 * Slots per bucket: a 10-s bucket keeps at most 18 points per channel, so a 1-hour flight has
 * ≈ 6 500 per channel, more than the review page asks for its track (4 000).
 */
export const OVERVIEW_SLOTS_PER_BUCKET = 8;

/**
 * Buckets per page (≈ 200 s of flight): the page being filled rides in the ingest state, which
 * is rewritten at every pass, so it stays small; a 1-hour flight has 18 pages per kind.
 */
export const OVERVIEW_BUCKETS_PER_PAGE = 30;

export function overviewCollection(db: Db): Collection<TelemetryOverviewDocument> {
  return db.collection<TelemetryOverviewDocument>('telemetryOverview');
}

export function overviewPageId(flightId: string, kind: SampleKind, page: number): string {
  return `${flightId}:${kind}:${String(page).padStart(5, '0')}`;
}

export function overviewPageOf(bucketIndex: number): number {
  return Math.floor(bucketIndex / OVERVIEW_BUCKETS_PER_PAGE);
}

/** The most points per channel a bucket of `sampleCount` samples adds to the overview. */
export function overviewPointsOfBucket(sampleCount: number): number {
  return Math.min(sampleCount, 2 * OVERVIEW_SLOTS_PER_BUCKET + 2);
}
