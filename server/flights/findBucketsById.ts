import type { Db } from './mongoDriver.js';
import { telemetryCollection, type TelemetryBucket } from './telemetryBuckets.js';

/** Above this many buckets one `$in` query beats one lookup per bucket. */
const SINGLE_LOOKUPS_UP_TO = 8;
const IDS_PER_QUERY = 500;

/**
 * Buckets by `_id`, in the order asked (null where missing). On MongoDB either way uses the
 * `_id` index. FerretDB's SQLite storage scans its table even for an `_id` lookup, so many
 * lookups cost many scans: past a few buckets, one `$in` query (one scan) is far cheaper.
 */
export async function findBucketsById(
  db: Db,
  ids: string[],
  projection: Record<string, number>,
): Promise<(TelemetryBucket | null)[]> {
  const collection = telemetryCollection(db);
  if (ids.length <= SINGLE_LOOKUPS_UP_TO) {
    return Promise.all(ids.map((_id) => collection.findOne({ _id }, { projection })));
  }
  const found = new Map<string, TelemetryBucket>();
  for (let first = 0; first < ids.length; first += IDS_PER_QUERY) {
    const chunk = ids.slice(first, first + IDS_PER_QUERY);
    for (const bucket of await collection.find({ _id: { $in: chunk } }, { projection }).toArray()) {
      found.set(bucket._id, bucket);
    }
  }
  return ids.map((id) => found.get(id) ?? null);
}
