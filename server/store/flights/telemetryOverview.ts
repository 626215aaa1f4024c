import type { SampleKind } from '../../../telemetry/model/sampleKinds.js';
import type { Binary, Collection, Db } from '../driver.js';

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
 * Buckets per page (≈ 5 min of flight): a 1-hour flight has 12 pages per kind. Each page is
 * one read, so fewer is faster; a page being filled is held in
 * the compactor's memory and lost on a restart, so smaller loses less (see overviewAppender).
 */
export const OVERVIEW_BUCKETS_PER_PAGE = 30;

/**
 * One collection per kind (`telemetryOverview.position`, …). Chosen when FerretDB still scanned a
 * collection for an `_id` lookup, so a page read scanned that kind's pages only; since the
 * launcher's `_id` patch (scripts/install-ferretdb) a lookup uses the index either way, and the
 * pages stay where stored flights have them. On MongoDB it is a handful of small collections.
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
