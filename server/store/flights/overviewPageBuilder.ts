import type { SampleKind } from '../../../telemetry/model/sampleKinds.js';
import { SAMPLE_KINDS } from '../../../telemetry/model/sampleKinds.js';
import { bucketOverviewPoints } from './bucketOverviewPoints.js';
import type { TelemetryBucket } from './telemetryBuckets.js';
import {
  overviewPageId,
  type OverviewPage,
  type TelemetryOverviewDocument,
} from './telemetryOverview.js';
import { appendTimeValuePairs } from './timeValuePairs.js';

export function emptyOverviewPage(page: number): OverviewPage {
  return { page, bucketIndexes: [], bucketSampleCounts: [], columns: {} };
}

/**
 * Adds a sealed bucket's points to its page. Buckets come in index order; one at or below the
 * last added (a replayed batch) is skipped (false), so a page is a function of its buckets.
 */
export function addBucketToPage(page: OverviewPage, bucket: TelemetryBucket): boolean {
  if ((page.bucketIndexes.at(-1) ?? -1) >= bucket.index) return false;
  page.bucketIndexes.push(bucket.index);
  page.bucketSampleCounts.push(bucket.n);
  for (const channel of SAMPLE_KINDS[bucket.kind] as readonly string[]) {
    const column = (bucket[channel] as (number | null)[] | undefined) ?? [];
    const points = bucketOverviewPoints(bucket.t, column);
    if (points.tUs.length > 0 || page.columns[channel]) {
      page.columns[channel] = appendTimeValuePairs(page.columns[channel], points);
    }
  }
  return true;
}

export function overviewDocument(
  flightId: string,
  kind: SampleKind,
  page: OverviewPage,
): TelemetryOverviewDocument {
  return { _id: overviewPageId(flightId, kind, page.page), flightId, kind, ...page };
}
