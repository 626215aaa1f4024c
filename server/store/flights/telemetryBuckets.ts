import type { Collection, Db } from '../driver.js';
import type { SampleKind } from '../../../telemetry/model/sampleKinds.js';

/**
 * One columnar bucket of one kind of one flight: parallel arrays, `t` in µs since the epoch
 * and one array per channel (null where the message left the value unknown). About 10 s or
 * 600 samples. `_id` is `<flightId>:<kind>:<index>` so a flight's buckets are found by `_id`
 * alone (FerretDB pushes nothing else down to its storage).
 */
export interface TelemetryBucket {
  _id: string;
  flightId: string;
  kind: SampleKind;
  index: number;
  /** First and last sample time [µs since epoch]. */
  t0: number;
  t1: number;
  n: number;
  t: number[];
  [channel: string]: unknown;
}

export const BUCKET_MAX_SAMPLES = 600;
export const BUCKET_MAX_SPAN_US = 10_000_000;

export function telemetryCollection(db: Db): Collection<TelemetryBucket> {
  return db.collection<TelemetryBucket>('telemetry');
}

export function bucketId(flightId: string, kind: SampleKind, index: number): string {
  return `${flightId}:${kind}:${String(index).padStart(6, '0')}`;
}

export async function ensureTelemetryIndexes(db: Db): Promise<void> {
  // What mongod and a sharded cluster use; FerretDB reads buckets by `_id` instead.
  await telemetryCollection(db).createIndex({ flightId: 1, kind: 1, t0: 1 });
  await telemetryCollection(db).createIndex({ flightId: 1, t0: 1 });
}
