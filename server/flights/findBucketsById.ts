import type { Db } from './mongoDriver.js';
import { telemetryCollection, type TelemetryBucket } from './telemetryBuckets.js';

/** Above this many buckets one `$in` query beats one lookup per bucket (on FerretDB). */
const SINGLE_LOOKUPS_UP_TO = 40;
const IDS_PER_QUERY = 500;

/**
 * Buckets by `_id`, in the order asked (null where missing). On MongoDB either way uses the
 * `_id` index. On FerretDB an `_id` lookup is a scan of the table inside SQLite (≈ 30 ms for
 * 6 MB of buckets, measured), while `$in` has FerretDB decode every document of the collection
 * in Go (≈ 1.4 s for the same 6 MB): up to a few dozen buckets, lookups are far cheaper; for a
 * whole flight, one `$in` per 500 buckets is.
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
