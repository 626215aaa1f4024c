import { findByIds } from '../flights/findByIds.js';
import { flightEventsCollection } from '../flights/flightEventStore.js';
import { gridFsChunkId } from '../flights/gridFsChunks.js';
import type { Collection, Db } from '../driver.js';
import { rawTlogCollections } from '../flights/rawTlogStore.js';
import { telemetryCollection } from '../flights/telemetryBuckets.js';
import { overviewCollection } from '../flights/telemetryOverview.js';
import { DURABLE } from './ingestCollections.js';
import type { DiscardedFlightData } from './ingestWritePlan.js';

/** One delete by `_id` each (FerretDB answers `$in` by reading the whole collection). */
async function deleteByIds(collection: Collection<{ _id: string }>, ids: string[]) {
  if (ids.length === 0) return;
  await collection.bulkWrite(
    ids.map((_id) => ({ deleteOne: { filter: { _id } } })),
    { ordered: false, ...DURABLE },
  );
}

function byId<T>(collection: Collection<T & { _id: string }>): Collection<{ _id: string }> {
  return collection as unknown as Collection<{ _id: string }>;
}

/**
 * Deletes what earlier passes stored of discarded pre-flight parts. No flight lists them, so
 * nobody reads them meanwhile; a raw piece's chunks go before its files entry, so a pass that
 * dies half-way still finds the chunk ids (from the files entry) the next time.
 */
export async function deleteDiscardedData(db: Db, discarded: DiscardedFlightData[]) {
  if (discarded.length === 0) return;
  const raw = rawTlogCollections(db);
  const rawFileIds = discarded.flatMap((flight) => flight.rawFileIds);
  const files = await findByIds(raw.files, rawFileIds, { length: 1, chunkSize: 1 });
  const chunkIds = files.flatMap((file) =>
    file
      ? Array.from({ length: Math.ceil(file.length / file.chunkSize) }, (_, n) =>
          gridFsChunkId(file._id, n),
        )
      : [],
  );
  await Promise.all([
    deleteByIds(
      byId(telemetryCollection(db)),
      discarded.flatMap((flight) => flight.bucketIds),
    ),
    ...discarded.flatMap((flight) =>
      flight.overviewPageIds.map(({ kind, ids }) =>
        deleteByIds(byId(overviewCollection(db, kind)), ids),
      ),
    ),
    deleteByIds(
      byId(flightEventsCollection(db)),
      discarded.flatMap((flight) => flight.eventIds),
    ),
    deleteByIds(byId(raw.chunks), chunkIds),
  ]);
  await deleteByIds(byId(raw.files), rawFileIds);
}
