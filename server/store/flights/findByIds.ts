import type { Collection, Document, Filter } from '../driver.js';

/** Lookups in flight at once: enough to keep the database busy, few enough to share it. */
const LOOKUPS_IN_FLIGHT = 16;

/**
 * Documents by `_id`, in the order asked (null where missing), one lookup each. Both engines
 * answer an `_id` lookup from the `_id` index (FerretDB since the launcher's patch, see
 * scripts/install-ferretdb), so a read costs what it fetches, however large the collection
 * has grown. `$in` would be one round trip on MongoDB, but FerretDB v1 decodes every document
 * of the collection in Go to answer it.
 */
export async function findByIds<T extends Document & { _id: string }>(
  collection: Collection<T>,
  ids: string[],
  projection?: Record<string, number>,
): Promise<(T | null)[]> {
  const found: (T | null)[] = new Array<T | null>(ids.length).fill(null);
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const at = next++;
      const filter = { _id: ids[at] } as Filter<T>;
      found[at] = (await collection.findOne(filter, projection ? { projection } : {})) as T | null;
    }
  };
  await Promise.all(Array.from({ length: Math.min(LOOKUPS_IN_FLIGHT, ids.length) }, worker));
  return found;
}
