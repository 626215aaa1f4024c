import type { SampleKind } from '../../../telemetry/model/sampleKinds.js';
import {
  addBucketToPage,
  emptyOverviewPage,
  overviewDocument,
} from '../flights/overviewPageBuilder.js';
import type { TelemetryBucket } from '../flights/telemetryBuckets.js';
import {
  OVERVIEW_BUCKETS_PER_PAGE,
  overviewPageOf,
  type OverviewPage,
  type TelemetryOverviewDocument,
} from '../flights/telemetryOverview.js';
import type { OpenFlight } from '../../ingest/vehicleIngestState.js';

/**
 * The pages being filled, per kind, of each open flight this process compacts, by flight id:
 * a link's compactor is dropped when its ground-link disconnects and a new one (or the
 * silent-flight closer's) carries on from the stored state, so the pages must outlive it.
 * Deliberately not part of the stored vehicle state: that document is rewritten at every pass
 * (and FerretDB turns all of it into JSON and back each time), and a full page of 10-Hz
 * positions alone is ≈ 70 KB, several times a vehicle's open buckets. What a restart or another server
 * taking the link over loses is the overview of the page then being filled; readers take those
 * buckets' samples from the buckets themselves. An entry goes when its flight closes here.
 */
const pagesBeingFilled = new Map<string, Partial<Record<SampleKind, OverviewPage>>>();

/**
 * Adds a just-sealed bucket to its kind's page; a page that now holds its last bucket goes to
 * `pages` to be stored. A page is a function of its buckets, so a replayed batch rebuilds it
 * under the same `_id`; one begun mid-page (after a restart) holds only the later buckets.
 */
export function addBucketToOverview(
  flight: OpenFlight,
  bucket: TelemetryBucket,
  pages: TelemetryOverviewDocument[],
): void {
  let pending = pagesBeingFilled.get(flight.flightId);
  if (!pending) pagesBeingFilled.set(flight.flightId, (pending = {}));
  const pageNumber = overviewPageOf(bucket.index);
  let page = pending[bucket.kind];
  if (page && page.page !== pageNumber) {
    pages.push(overviewDocument(flight.flightId, bucket.kind, page));
    page = undefined;
  }
  page ??= emptyOverviewPage(pageNumber);
  if (!addBucketToPage(page, bucket)) return;
  if (bucket.index % OVERVIEW_BUCKETS_PER_PAGE === OVERVIEW_BUCKETS_PER_PAGE - 1) {
    pages.push(overviewDocument(flight.flightId, bucket.kind, page));
    delete pending[bucket.kind];
  } else {
    pending[bucket.kind] = page;
  }
}

/** Stores every page still being filled: the flight is closing. */
export function flushOverview(flight: OpenFlight, pages: TelemetryOverviewDocument[]): void {
  const pending = pagesBeingFilled.get(flight.flightId) ?? {};
  for (const [kind, page] of Object.entries(pending) as [SampleKind, OverviewPage][]) {
    pages.push(overviewDocument(flight.flightId, kind, page));
  }
  pagesBeingFilled.delete(flight.flightId);
}

/** Drops the pages being filled of a flight that is discarded, unstored. */
export function forgetOverview(flightId: string): void {
  pagesBeingFilled.delete(flightId);
}
