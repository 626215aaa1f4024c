import { findByIds } from './findByIds.js';
import type { Db } from '../driver.js';
import { telemetryCollection, type TelemetryBucket } from './telemetryBuckets.js';

/** Buckets by `_id`, in the order asked (null where missing). */
export function findBucketsById(
  db: Db,
  ids: string[],
  projection: Record<string, number>,
): Promise<(TelemetryBucket | null)[]> {
  return findByIds(telemetryCollection(db), ids, projection);
}
