import { SAMPLE_KINDS } from '../../../telemetry/model/sampleKinds.js';
import type { AnySample } from '../../../telemetry/model/sample.js';
import {
  BUCKET_MAX_SAMPLES,
  BUCKET_MAX_SPAN_US,
  bucketId,
  type TelemetryBucket,
} from '../flights/telemetryBuckets.js';
import type { TelemetryOverviewDocument } from '../flights/telemetryOverview.js';
import { addBucketToOverview, flushOverview } from './overviewAppender.js';
import type { OpenBucket, OpenFlight } from '../../ingest/vehicleIngestState.js';

/** Where sealed buckets and the overview pages they complete go (the pass's write plan). */
export interface SealedDocuments {
  buckets: TelemetryBucket[];
  overviewPages: TelemetryOverviewDocument[];
}

/**
 * Appends a sample to its kind's open bucket, sealing the bucket first when the sample would
 * make it longer than 10 s or fuller than 600 samples. Sealed buckets, and the overview pages
 * they complete, go to `sealed`.
 * Samples that share a time are all kept: a serial or TCP read stamps every frame it brings
 * with one receive time. One older than the bucket's last is dropped (false), which keeps
 * every kind's series ordered in time; a batch is never folded twice (its seq is in the state).
 */
export function appendSample(
  flight: OpenFlight,
  sample: AnySample,
  sealed: SealedDocuments,
): boolean {
  let open = flight.openBuckets.find((bucket) => bucket.kind === sample.kind);
  if (open && sample.tUs < open.t1) return false;
  if (open && (open.n >= BUCKET_MAX_SAMPLES || sample.tUs - open.t0 >= BUCKET_MAX_SPAN_US)) {
    sealBucket(flight, open, sealed);
    flight.openBuckets = flight.openBuckets.filter((bucket) => bucket !== open);
    open = undefined;
  }
  if (!open) {
    const index = flight.storage.kinds[sample.kind]?.t0s.length ?? 0;
    open = { kind: sample.kind, index, t0: sample.tUs, t1: sample.tUs, n: 0, t: [], columns: {} };
    for (const channel of SAMPLE_KINDS[sample.kind]) open.columns[channel] = [];
    flight.openBuckets.push(open);
  }
  open.t.push(sample.tUs);
  const values = sample.values as Record<string, number | null>;
  for (const channel of SAMPLE_KINDS[sample.kind]) {
    (open.columns[channel] ??= []).push(values[channel] ?? null);
  }
  open.n++;
  open.t1 = sample.tUs;
  return true;
}

/** Seals every open bucket and stores every overview page: the flight is closing. */
export function sealAllBuckets(flight: OpenFlight, sealed: SealedDocuments) {
  for (const open of flight.openBuckets) sealBucket(flight, open, sealed);
  flight.openBuckets = [];
  flushOverview(flight, sealed.overviewPages);
}

function sealBucket(flight: OpenFlight, open: OpenBucket, sealed: SealedDocuments): void {
  const index = (flight.storage.kinds[open.kind] ??= { t0s: [], t1s: [] });
  index.t0s.push(open.t0);
  index.t1s.push(open.t1);
  const bucket = toBucketDocument(flight.flightId, open);
  sealed.buckets.push(bucket);
  addBucketToOverview(flight, bucket, sealed.overviewPages);
}

export function toBucketDocument(flightId: string, open: OpenBucket): TelemetryBucket {
  return {
    _id: bucketId(flightId, open.kind, open.index),
    flightId,
    kind: open.kind,
    index: open.index,
    t0: open.t0,
    t1: open.t1,
    n: open.n,
    t: open.t,
    ...open.columns,
  };
}
