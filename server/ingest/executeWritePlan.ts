import {
  MongoBulkWriteError,
  type Collection,
  type Document,
  type OptionalUnlessRequiredId,
} from '../flights/mongoDriver.js';
import { Types, type Connection } from 'mongoose';
import { flightEventsCollection } from '../flights/flightEventStore.js';
import { flightStorageCollection } from '../flights/flightStorage.js';
import { rawTlogCollections } from '../flights/rawTlogStore.js';
import { telemetryCollection } from '../flights/telemetryBuckets.js';
import { getModels } from '../models/models.js';
import { DURABLE, ingestCollections, vehicleKey } from './ingestCollections.js';
import type { IngestWritePlan } from './ingestWritePlan.js';
import type { VehicleIngestState } from './vehicleIngestState.js';

const DUPLICATE_KEY = 11000;

/**
 * Inserts documents whose `_id`s are deterministic; ones already there (written before a
 * crash, now replayed) are skipped, which is what makes replaying a batch harmless.
 */
async function insertIdempotent<T extends Document>(
  collection: Collection<T>,
  documents: OptionalUnlessRequiredId<T>[],
): Promise<void> {
  if (documents.length === 0) return;
  try {
    await collection.insertMany(documents, { ordered: false, ...DURABLE });
  } catch (error) {
    const onlyDuplicates =
      error instanceof MongoBulkWriteError &&
      (Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors]).every(
        (writeError) => writeError.code === DUPLICATE_KEY,
      );
    if (!onlyDuplicates) throw error;
  }
}

function objectIdOrNull(id: string | null): Types.ObjectId | null {
  return id === null ? null : new Types.ObjectId(id);
}

/**
 * Writes a compaction pass in an order that survives a crash at any point: data documents
 * first (idempotent inserts), then flight updates, then the vehicle states that say how far
 * ingest got. A crash before the states are written replays the same batches into the same
 * `_id`s.
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
      _id: new Types.ObjectId(flight._id),
      vehicleId: new Types.ObjectId(flight.vehicleId),
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
    insertIdempotent(telemetryCollection(db), plan.buckets),
    insertIdempotent(flightEventsCollection(db), plan.events),
    insertIdempotent(raw.chunks, plan.rawChunks),
  ]);
  // A raw piece's files entry goes in after its chunks: a reader never sees a file without data.
  await insertIdempotent(raw.files, plan.rawFiles);
  await insertIdempotent(flightStorageCollection(db), plan.storageIndexes);
  await Promise.all(
    [...plan.flightUpdates].map(([flightId, set]) =>
      Flight.collection.updateOne(
        { _id: new Types.ObjectId(flightId) },
        { $set: { ...set, updatedAt: new Date() } },
        DURABLE,
      ),
    ),
  );
  const { vehicles } = ingestCollections(db);
  await Promise.all(
    states.map((state) =>
      vehicles.replaceOne(
        { _id: vehicleKey(state.linkId, state.sysId) },
        { ...state },
        { upsert: true, ...DURABLE },
      ),
    ),
  );
}
