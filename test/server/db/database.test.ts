import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Schema } from 'mongoose';
import type { Database } from '../../../server/db/connectDatabase.js';
import { toErrorResponse } from '../../../server/http/errorHandler.js';
import { openTestDatabase } from '../../support/testDatabase.js';

describe('the database layer on a real server', () => {
  let database: Database;

  beforeAll(async () => {
    database = await openTestDatabase('database');
  });
  afterAll(async () => {
    await database?.close();
  });

  it('names the engine and its version', () => {
    expect(['mongodb', 'ferretdb']).toContain(database.engine);
    expect(database.engineVersion).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('round-trips a document with dates, binary data and nested arrays unchanged', async () => {
    const collection = database.connection.db!.collection('roundTrip');
    const startedAt = new Date('2026-05-04T03:02:01.123Z');
    const rawFrame = Buffer.from([
      0xfd, 0x09, 0x00, 0x00, 0x07, 0x01, 0x01, 0x00, 0x00, 0x00, 0xff,
    ]);
    const bucket = {
      flightId: 'flight-1',
      startedAt,
      raw: rawFrame,
      t: [1_700_000_000_000_000, 1_700_000_000_100_000],
      // Arrays nest through objects: FerretDB v1 refuses an array directly inside an array, so
      // Sortie never stores one (GeoJSON rings are kept as arrays of {lonDeg, latDeg}).
      legs: [
        { seq: 1, latDeg: [36.3725, 36.3726], lonDeg: [127.3628, 127.3629] },
        { seq: 2, latDeg: [], lonDeg: [] },
      ],
      nested: { modes: [{ name: 'AUTO.LOITER', atUs: [5, 6] }], empty: [] },
    };
    const { insertedId } = await collection.insertOne(bucket);

    const stored = await collection.findOne({ _id: insertedId });

    expect(stored?.startedAt).toBeInstanceOf(Date);
    expect((stored?.startedAt as Date).toISOString()).toBe(startedAt.toISOString());
    expect(Buffer.from((stored?.raw as { buffer: Uint8Array }).buffer)).toEqual(rawFrame);
    expect(stored?.t).toEqual(bucket.t);
    expect(stored?.legs).toEqual(bucket.legs);
    expect(stored?.nested).toEqual(bucket.nested);
  });

  it('answers a lookup by key through the index rather than a collection scan', async () => {
    const collection = database.connection.db!.collection('indexed');
    await collection.insertMany(
      Array.from({ length: 300 }, (_, i) => ({ _id: `bucket-${i}` as never, n: i })),
    );

    const cursor = collection.find({ _id: 'bucket-123' as never });
    const explain = (await cursor.explain()) as Record<string, unknown>;
    const found = await collection.find({ _id: 'bucket-123' as never }).toArray();

    expect(found.map((doc) => doc.n)).toEqual([123]);
    expect(usesIndex(explain)).toBe(true);
  });

  it('reports a unique index violation as a 409 that says what clashed', async () => {
    const Maker = database.connection.model(
      'UniqueMaker',
      new Schema({ name: { type: String, required: true, unique: true } }),
    );
    await Maker.syncIndexes();
    await Maker.create({ name: 'Aerodyne' });

    const error = await Maker.create({ name: 'Aerodyne' }).catch((e: unknown) => e);

    const response = toErrorResponse(error);
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('duplicate');
    expect(response.body.error.message).toMatch(/already exists/);
    expect(await Maker.countDocuments()).toBe(1);
  });
});

/** True when a find's explain output shows an index at work, on MongoDB or on FerretDB. */
function usesIndex(explain: Record<string, unknown>): boolean {
  const text = JSON.stringify(explain);
  // MongoDB: IXSCAN / IDHACK / EXPRESS_IXSCAN stages; FerretDB: the filter pushed down to SQLite's primary key.
  return /IXSCAN|IDHACK|EXPRESS_/.test(text) || explain.filterPushdown === true;
}
