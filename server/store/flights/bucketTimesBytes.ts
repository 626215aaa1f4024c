import type { SampleKind } from '../../../telemetry/model/sampleKinds.js';
import type { FlightStorageIndex } from '../../ingest/vehicleIngestState.js';
import { decodeFloat64s, encodeFloat64s } from './float64Bytes.js';
import { Binary } from '../driver.js';

/** A storage index's bucket times per kind, as stored: Float64 bytes, or (older) numbers. */
export type StoredBucketTimes = Partial<
  Record<SampleKind, { t0s: Binary | number[]; t1s: Binary | number[] }>
>;

/**
 * Bucket times as Float64 bytes: a 1-hour flight's 14 kinds hold ≈ 10 000 of them, which
 * FerretDB decodes in ≈ 50 ms as numbers and a few ms as bytes.
 */
export function encodeBucketTimes(kinds: FlightStorageIndex['kinds']): StoredBucketTimes {
  const stored: StoredBucketTimes = {};
  for (const [kind, times] of Object.entries(kinds) as [
    SampleKind,
    { t0s: number[]; t1s: number[] },
  ][]) {
    stored[kind] = { t0s: encodeFloat64s(times.t0s), t1s: encodeFloat64s(times.t1s) };
  }
  return stored;
}

/** Reads bucket times back, whether stored as bytes or as numbers. */
export function decodeBucketTimes(stored: StoredBucketTimes): FlightStorageIndex['kinds'] {
  const numbers = (times: Binary | number[]) =>
    times instanceof Binary ? decodeFloat64s(times) : times;
  const kinds: FlightStorageIndex['kinds'] = {};
  for (const [kind, times] of Object.entries(stored) as [
    SampleKind,
    { t0s: Binary | number[]; t1s: Binary | number[] },
  ][]) {
    kinds[kind] = { t0s: numbers(times.t0s), t1s: numbers(times.t1s) };
  }
  return kinds;
}
