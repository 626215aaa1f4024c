import { createHash } from 'node:crypto';
import type { Connection } from 'mongoose';
import type { FlightEvent } from '../../../telemetry/model/flightEvent.js';
import type { AnySample } from '../../../telemetry/model/sample.js';
import { SAMPLE_KINDS, type SampleKind } from '../../../telemetry/model/sampleKinds.js';
import { eventId, flightEventsCollection } from '../../../server/store/flights/flightEventStore.js';
import { flightStorageCollection } from '../../../server/store/flights/flightStorage.js';
import {
  rawPieceDocuments,
  rawTlogCollections,
} from '../../../server/store/flights/rawTlogStore.js';
import {
  bucketId,
  telemetryCollection,
  type TelemetryBucket,
} from '../../../server/store/flights/telemetryBuckets.js';
import { getModels } from '../../../server/store/models/models.js';
import type { FlightStorageIndex } from '../../../server/ingest/vehicleIngestState.js';

/** Samples per stored bucket here: small, so a test flight spans many buckets. */
const SAMPLES_PER_BUCKET = 97;

export interface StoredFlight {
  flightId: string;
  vehicleId: string;
  makerId: string;
  rangeId: string;
  rawSha256: string;
}

/**
 * Writes a landed flight the way ingest stores one: flight document, columnar buckets, numbered
 * events, raw .tlog pieces in GridFS and the storage index, all addressed by `_id`.
 */
export async function storeLandedFlight(
  connection: Connection,
  samples: readonly AnySample[],
  events: readonly FlightEvent[],
  rawPieces: readonly Uint8Array[],
  names: {
    maker: string;
    vehicle: string;
    range: string;
    fences?: unknown;
    /** The ground-link's frame counters, as ingest keeps them in the flight's summary. */
    link?: { framesReceived: number; framesLostBySeq: number };
  },
): Promise<StoredFlight> {
  const { Flight, Maker, Range, Vehicle } = getModels(connection);
  const maker = await Maker.create({ name: names.maker });
  const range = await Range.create({
    name: names.range,
    origin: { latDeg: 36.6, lonDeg: 127.3 },
    fences: names.fences ?? null,
    fencesVersion: names.fences ? 1 : 0,
  });
  const vehicle = await Vehicle.create({
    name: names.vehicle,
    serial: `${names.vehicle}-serial`,
    makerId: maker._id,
    rangeId: range._id,
    sysId: 1,
  });
  const times = samples.map((s) => s.tUs);
  const startUs = Math.min(...times);
  const endUs = Math.max(...times);
  const flight = await Flight.create({
    vehicleId: vehicle._id,
    makerId: maker._id,
    rangeId: range._id,
    vehicleName: names.vehicle,
    makerName: names.maker,
    linkId: 'link-test',
    sysId: 1,
    compId: 1,
    status: 'landed',
    startedAt: new Date(startUs / 1000),
    endedAt: new Date(endUs / 1000),
    lastHeardAt: new Date(endUs / 1000),
    ...(names.link ? { summary: names.link } : {}),
  });
  const flightId = flight._id.toHexString();
  const db = connection.db!;
  const index: FlightStorageIndex = {
    kinds: {},
    eventCount: events.length,
    rawPieceCount: rawPieces.length,
  };
  const byKind = new Map<SampleKind, AnySample[]>();
  for (const sample of samples) {
    const list = byKind.get(sample.kind) ?? [];
    list.push(sample);
    byKind.set(sample.kind, list);
  }
  const buckets: TelemetryBucket[] = [];
  for (const [kind, list] of byKind) {
    list.sort((a, b) => a.tUs - b.tUs);
    const t0s: number[] = [];
    const t1s: number[] = [];
    for (let at = 0, n = 0; at < list.length; at += SAMPLES_PER_BUCKET, n++) {
      const part = list.slice(at, at + SAMPLES_PER_BUCKET);
      const bucket: TelemetryBucket = {
        _id: bucketId(flightId, kind, n),
        flightId,
        kind,
        index: n,
        t0: part[0]!.tUs,
        t1: part[part.length - 1]!.tUs,
        n: part.length,
        t: part.map((s) => s.tUs),
      };
      for (const channel of SAMPLE_KINDS[kind] as readonly string[]) {
        bucket[channel] = part.map(
          (s) => (s.values as Record<string, number | null>)[channel] ?? null,
        );
      }
      buckets.push(bucket);
      t0s.push(bucket.t0);
      t1s.push(bucket.t1);
    }
    index.kinds[kind] = { t0s, t1s };
  }
  if (buckets.length) await telemetryCollection(db).insertMany(buckets);
  if (events.length) {
    await flightEventsCollection(db).insertMany(
      events.map((event, number) => ({
        ...event,
        _id: eventId(flightId, number),
        flightId,
        number,
        origin: 'link' as const,
      })),
    );
  }
  const raw = rawTlogCollections(db);
  const hash = createHash('sha256');
  for (const [piece, bytes] of rawPieces.entries()) {
    const { file, chunks } = rawPieceDocuments(flightId, piece, bytes, {
      count: 1,
      firstTUs: startUs,
      lastTUs: endUs,
    });
    await raw.files.insertOne(file);
    if (chunks.length) await raw.chunks.insertMany(chunks);
    hash.update(bytes);
  }
  await flightStorageCollection(db).insertOne({ _id: flightId, ...index });
  return {
    flightId,
    vehicleId: vehicle._id.toHexString(),
    makerId: maker._id.toHexString(),
    rangeId: range._id.toHexString(),
    rawSha256: hash.digest('hex'),
  };
}
