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

/** A page as stored in its kind's collection; `_id` is `<flightId>:<kind>:<page>`. */
export interface TelemetryOverviewDocument extends OverviewPage {
  _id: string;
  flightId: string;
  kind: SampleKind;
}

/**
 * Slots per bucket: a 10-s bucket keeps at most 18 points per channel, so a 1-hour flight has
 * ≈ 6 500 per channel, more than the review page asks for its track (4 000).
 */
export const OVERVIEW_SLOTS_PER_BUCKET = 8;

/**
 * Buckets per page (≈ 5 min of flight): a 1-hour flight has 12 pages per kind. Each page read
 * costs FerretDB a scan of the collection, so fewer is faster; a page being filled is held in
 * the compactor's memory and lost on a restart, so smaller loses less (see overviewAppender).
 */
export const OVERVIEW_BUCKETS_PER_PAGE = 30;

/**
 * One collection per kind (`telemetryOverview.position`, …): FerretDB scans a collection for an
 * `_id` lookup (up to the document found), so a page read then scans that kind's pages only,
 * not every kind's (a whole scan of a 14-kind 1-hour flight's pages took 10 ms, of its position
 * pages 2.5 ms). On MongoDB it is a handful of small collections.
 */
export function overviewCollection(
  db: Db,
  kind: SampleKind,
): Collection<TelemetryOverviewDocument> {
  return db.collection<TelemetryOverviewDocument>(`telemetryOverview.${kind}`);
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
