import {
  decodeBucketTimes,
  encodeBucketTimes,
  type StoredBucketTimes,
} from '../flights/bucketTimesBytes.js';
import { decodeFloat64s, encodeFloat64s } from '../flights/float64Bytes.js';
import { timeSlicer } from '../../util/timeSlicer.js';
import { Binary, BSON, type Db } from '../driver.js';
import {
  DURABLE,
  ingestCollections,
  vehicleKey,
  type StoredVehicleState,
} from './ingestCollections.js';
import type {
  FlightStorageIndex,
  OpenBucket,
  VehicleIngestState,
} from '../../ingest/vehicleIngestState.js';

/**
 * The parts of an open flight that grow with every sample and every bucket: the buckets
 * being filled (up to 10 s of every channel) and the index of the sealed ones.
 */
interface GrowingParts {
  openBuckets: OpenBucket[];
  storage: FlightStorageIndex;
}

/** An open bucket with its times and columns as Float64 bytes; an unknown value is NaN. */
interface PackedBucket extends Omit<OpenBucket, 't' | 'columns'> {
  t: Binary;
  columns: Record<string, Binary>;
}

/**
 * A vehicle's state is rewritten after every compaction pass. Its growing parts go into the
 * document as one BSON blob (`flight.packed`), its numbers as Float64 bytes, instead of
 * thousands of numbers: FerretDB turns every number of a document into JSON and back on each
 * write and each read, a blob in one go, and the rewrite was most of its CPU while a fleet
 * flew. Sample values are finite (the ingest schema refuses NaN), so NaN can stand for an
 * unknown one. States stored before the blob existed are read as they are.
 */
export function vehicleStateDocument(state: VehicleIngestState): StoredVehicleState {
  const _id = vehicleKey(state.linkId, state.sysId);
  if (!state.flight) return { ...state, _id };
  const { openBuckets, storage, ...flight } = state.flight;
  const packed = {
    openBuckets: openBuckets.map(packBucket),
    storage: { ...storage, kinds: encodeBucketTimes(storage.kinds) },
  };
  return { ...state, _id, flight: { ...flight, packed: new Binary(BSON.serialize(packed)) } };
}

export function vehicleStateFromDocument(document: StoredVehicleState): VehicleIngestState {
  const { _id, flight, ...state } = document;
  void _id;
  if (!flight || !('packed' in flight)) return { ...state, flight };
  const { packed, ...rest } = flight;
  const growing = BSON.deserialize(packed.buffer, { promoteBuffers: false }) as {
    openBuckets: (PackedBucket | OpenBucket)[];
    storage: Omit<FlightStorageIndex, 'kinds'> & { kinds: StoredBucketTimes };
  };
  const unpacked: GrowingParts = {
    openBuckets: growing.openBuckets.map(unpackBucket),
    storage: { ...growing.storage, kinds: decodeBucketTimes(growing.storage.kinds) },
  };
  return { ...state, flight: { ...rest, ...unpacked } };
}

function packBucket(bucket: OpenBucket): PackedBucket {
  const columns: Record<string, Binary> = {};
  for (const [channel, values] of Object.entries(bucket.columns)) {
    columns[channel] = encodeFloat64s(values.map((value) => value ?? NaN));
  }
  return { ...bucket, t: encodeFloat64s(bucket.t), columns };
}

function unpackBucket(bucket: PackedBucket | OpenBucket): OpenBucket {
  if (!(bucket.t instanceof Binary)) return bucket as OpenBucket;
  const columns: Record<string, (number | null)[]> = {};
  for (const [channel, bytes] of Object.entries(bucket.columns as Record<string, Binary>)) {
    columns[channel] = decodeFloat64s(bytes).map((value) => (Number.isNaN(value) ? null : value));
  }
  return { ...bucket, t: decodeFloat64s(bucket.t), columns };
}

export async function findVehicleState(
  db: Db,
  linkId: string,
  sysId: number,
): Promise<VehicleIngestState | null> {
  const document = await ingestCollections(db).vehicles.findOne({ _id: vehicleKey(linkId, sysId) });
  return document && vehicleStateFromDocument(document);
}

export async function findAllVehicleStates(db: Db): Promise<VehicleIngestState[]> {
  const documents = await ingestCollections(db).vehicles.find({}).toArray();
  return documents.map(vehicleStateFromDocument);
}

/** Longest the states are packed and sent without letting other work of the process run [ms]. */
const SLICE_MS = 10;

/**
 * Stores the states, each replacing its vehicle's last one (journaled). The writes run
 * together; packing them yields now and then, since a link's pass may touch dozens of
 * vehicles with seconds of samples each and the process also serves live browsers.
 */
export async function storeVehicleStates(db: Db, states: VehicleIngestState[]): Promise<void> {
  const { vehicles } = ingestCollections(db);
  const writes: Promise<unknown>[] = [];
  const yieldIfLong = timeSlicer(SLICE_MS);
  for (const state of states) {
    await yieldIfLong();
    const document = vehicleStateDocument(state);
    writes.push(vehicles.replaceOne({ _id: document._id }, document, { upsert: true, ...DURABLE }));
  }
  await Promise.all(writes);
}
