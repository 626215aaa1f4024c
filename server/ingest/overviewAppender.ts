import { SAMPLE_KINDS } from '../../telemetry/model/sampleKinds.js';
import { bucketOverviewPoints } from '../flights/bucketOverviewPoints.js';
import type { TelemetryBucket } from '../flights/telemetryBuckets.js';
import {
  OVERVIEW_BUCKETS_PER_PAGE,
  overviewPageId,
  overviewPageOf,
  type OverviewPage,
  type TelemetryOverviewDocument,
} from '../flights/telemetryOverview.js';
import { appendTimeValuePairs } from '../flights/timeValuePairs.js';
import type { OpenFlight } from './vehicleIngestState.js';

/**
 * Adds a just-sealed bucket to its kind's overview page in the flight's ingest state; a page
 * that now holds its last bucket goes to `pages` to be stored. Pages are a function of the
 * buckets alone, so a replayed batch rebuilds the same page under the same `_id`. A flight
 * that was already flying when overviews began gets pages for its later buckets only; readers
 * take the rest from the buckets.
 */
export function addBucketToOverview(
  flight: OpenFlight,
  bucket: TelemetryBucket,
  pages: TelemetryOverviewDocument[],
): void {
  const pending = (flight.overview ??= {});
  const pageNumber = overviewPageOf(bucket.index);
  let page = pending[bucket.kind];
  if (page && page.page !== pageNumber) {
    pages.push(toOverviewDocument(flight.flightId, bucket.kind, page));
    page = undefined;
  }
  page ??= { page: pageNumber, bucketIndexes: [], bucketSampleCounts: [], columns: {} };
  if ((page.bucketIndexes.at(-1) ?? -1) >= bucket.index) return;
  page.bucketIndexes.push(bucket.index);
  page.bucketSampleCounts.push(bucket.n);
  for (const channel of SAMPLE_KINDS[bucket.kind] as readonly string[]) {
    const column = (bucket[channel] as (number | null)[] | undefined) ?? [];
    const points = bucketOverviewPoints(bucket.t, column);
    if (points.tUs.length > 0 || page.columns[channel]) {
      page.columns[channel] = appendTimeValuePairs(page.columns[channel], points);
    }
  }
  if (bucket.index % OVERVIEW_BUCKETS_PER_PAGE === OVERVIEW_BUCKETS_PER_PAGE - 1) {
    pages.push(toOverviewDocument(flight.flightId, bucket.kind, page));
    delete pending[bucket.kind];
  } else {
    pending[bucket.kind] = page;
  }
}

/** Stores every page still being filled: the flight is closing. */
export function flushOverview(flight: OpenFlight, pages: TelemetryOverviewDocument[]): void {
  for (const [kind, page] of Object.entries(flight.overview ?? {}) as [
    TelemetryOverviewDocument['kind'],
    OverviewPage,
  ][]) {
    pages.push(toOverviewDocument(flight.flightId, kind, page));
  }
  flight.overview = {};
}

function toOverviewDocument(
  flightId: string,
  kind: TelemetryOverviewDocument['kind'],
  page: OverviewPage,
): TelemetryOverviewDocument {
  return { _id: overviewPageId(flightId, kind, page.page), flightId, kind, ...page };
}
