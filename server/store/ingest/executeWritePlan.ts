import {
  MongoBulkWriteError,
  type Collection,
  type Document,
  type OptionalUnlessRequiredId,
} from '../driver.js';
import { type Connection } from 'mongoose';
import { EntityId } from '../ids.js';
import { flightEventsCollection } from '../flights/flightEventStore.js';
import { flightStorageCollection } from '../flights/flightStorage.js';
import { rawTlogCollections } from '../flights/rawTlogStore.js';
import { telemetryCollection } from '../flights/telemetryBuckets.js';
import { overviewCollection } from '../flights/telemetryOverview.js';
import { getModels } from '../models/models.js';
import { deleteDiscardedData } from './deleteDiscardedData.js';
import { DURABLE } from './ingestCollections.js';
import { storeVehicleStates } from './vehicleStateStore.js';
import type { IngestWritePlan } from './ingestWritePlan.js';
import type { VehicleIngestState } from '../../ingest/vehicleIngestState.js';

const DUPLICATE_KEY = 11000;

/** The positions in `documents` that failed as duplicates only; null if anything else failed. */
function duplicatePositions(error: unknown): number[] | null {
  if (!(error instanceof MongoBulkWriteError)) return null;
  const writeErrors = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
  if (!writeErrors.every((writeError) => writeError.code === DUPLICATE_KEY)) return null;
  return writeErrors.map((writeError) => writeError.index);
}

/**
 * Inserts documents whose `_id`s are deterministic; ones already there (written before a
 * crash, now replayed) are skipped. Only for flight documents, whose later fields come from
 * `$set`s and from users, so a replay must not overwrite them.
 */
async function insertIdempotent<T extends Document>(
  collection: Collection<T>,
  documents: OptionalUnlessRequiredId<T>[],
): Promise<void> {
  if (documents.length === 0) return;
  try {
    await collection.insertMany(documents, { ordered: false, ...DURABLE });
  } catch (error) {
    if (!duplicatePositions(error)) throw error;
  }
}

/**
 * Inserts data documents whose `_id`s are deterministic, replacing any already there. Such a
 * document was written by a pass that died before its vehicle states were stored; this pass
 * folds the same batches again from the states before it, but not necessarily cut into the
 * same passes (recovery takes every logged batch at once), and a raw piece holds what one
 * pass brought. Skipping the old piece would keep only the first pass's frames and lose the
 * rest; this pass's version is the one the states it stores next point at.
 */
async function insertOrReplace<T extends Document & { _id: string }>(
  collection: Collection<T>,
  documents: T[],
): Promise<void> {
  if (documents.length === 0) return;
  try {
    await collection.insertMany(documents as OptionalUnlessRequiredId<T>[], {
      ordered: false,
      ...DURABLE,
    });
  } catch (error) {
    const duplicates = duplicatePositions(error);
    if (!duplicates) throw error;
    // Rare (only after a crash), so plainly typed: every document here has a string `_id`.
    const untyped = collection as unknown as Collection<{ _id: string }>;
    await untyped.bulkWrite(
      duplicates.map((position) => {
        const document = documents[position] as T;
        return { replaceOne: { filter: { _id: document._id }, replacement: document } };
      }),
      { ordered: false, ...DURABLE },
    );
  }
}

function objectIdOrNull(id: string | null): EntityId | null {
  return id === null ? null : new EntityId(id);
}

/**
 * Writes a compaction pass in an order that survives a crash at any point: data documents
 * first (inserted, or replacing what a pass that crashed wrote), then flight updates, then the
 * vehicle states that say how far ingest got. A crash before the states are written replays
 * the same batches into the same `_id`s.
 */
export async function executeWritePlan(
  connection: Connection,
  plan: IngestWritePlan,
  states: VehicleIngestState[],
): Promise<void> {
  const db = connection.db;
  if (!db) throw new Error('database connection is not open');
  const { Flight } = getModels(connection);
  await insertIdempotent(
    Flight.collection as unknown as Collection<Document>,
    plan.newFlights.map((flight) => ({
      _id: new EntityId(flight._id),
      vehicleId: new EntityId(flight.vehicleId),
      makerId: objectIdOrNull(flight.makerId),
      rangeId: objectIdOrNull(flight.rangeId),
      testPlanId: null,
      vehicleName: flight.vehicleName,
      makerName: flight.makerName,
      linkId: flight.linkId,
      sysId: flight.sysId,
      compId: flight.compId,
      status: 'live',
      source: 'live',
      startedAt: new Date(flight.startedAtUs / 1000),
      armedAt: null,
      disarmedAt: null,
      endedAt: null,
      endReason: null,
      lastHeardAt: new Date(flight.startedAtUs / 1000),
      summary: { durationS: 0, distanceM: 0, sampleCounts: {}, eventCount: 0, rawFrameCount: 0 },
      verdict: null,
      createdAt: new Date(),
      updatedAt: new Date(),
    })),
  );
  const raw = rawTlogCollections(db);
  await Promise.all([
    insertOrReplace(telemetryCollection(db), plan.buckets),
    ...[...new Set(plan.overviewPages.map((page) => page.kind))].map((kind) =>
      insertOrReplace(
        overviewCollection(db, kind),
        plan.overviewPages.filter((page) => page.kind === kind),
      ),
    ),
    insertOrReplace(flightEventsCollection(db), plan.events),
    insertOrReplace(raw.chunks, plan.rawChunks),
  ]);
  // A raw piece's files entry goes in after its chunks: a reader never sees a file without data.
  await insertOrReplace(raw.files, plan.rawFiles);
  await insertOrReplace(flightStorageCollection(db), plan.storageIndexes);
  await deleteDiscardedData(db, plan.discarded);
  await Promise.all(
    [...plan.flightUpdates].map(([flightId, set]) =>
      Flight.collection.updateOne(
        { _id: new EntityId(flightId) },
        { $set: { ...set, updatedAt: new Date() } },
        DURABLE,
      ),
    ),
  );
  await storeVehicleStates(db, states);
}
