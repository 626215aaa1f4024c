import mongoose, { mongo } from 'mongoose';
import { describe, expect, it } from 'vitest';
import { DatabaseAvailability } from '../../../server/db/databaseAvailability.js';
import { toErrorResponse } from '../../../server/http/errorHandler.js';

describe('database availability', () => {
  it('counts a silence from when the database came back, and from now while it is away', () => {
    const availability = new DatabaseAvailability();
    expect(availability.silenceCountsFromMs(1_000)).toBe(-Infinity);

    const beforeMs = Date.now();
    availability.noteEngineRunning(false);
    expect(availability.available).toBe(false);
    expect(availability.silenceCountsFromMs(123_456)).toBe(123_456);
    // The engine is back, but the driver has not reached it yet: still away.
    availability.noteDriverWritable(false);
    availability.noteEngineRunning(true);
    expect(availability.available).toBe(false);
    availability.noteDriverWritable(true);

    expect(availability.available).toBe(true);
    const backAtMs = availability.silenceCountsFromMs(Date.now());
    expect(backAtMs).toBeGreaterThanOrEqual(beforeMs);
    expect(backAtMs).toBeLessThanOrEqual(Date.now());
    expect(availability.status()).toMatchObject({ available: true, outages: 1 });
  });

  it('answers a call that met an unreachable database with 503, retry-after and database-unavailable', async () => {
    // Port 1 on loopback: nothing listens, the driver finds no server to select.
    const client = new mongo.MongoClient('mongodb://127.0.0.1:1/', {
      serverSelectionTimeoutMS: 300,
    });
    const driverError = await client
      .db('nowhere')
      .collection('users')
      .findOne({})
      .catch((e: unknown) => e);
    await client.close();
    const connectError = await mongoose
      .createConnection('mongodb://127.0.0.1:1/nowhere', { serverSelectionTimeoutMS: 300 })
      .asPromise()
      .catch((e: unknown) => e);
    expect(driverError).toBeInstanceOf(Error);
    expect(connectError).toBeInstanceOf(Error);

    for (const failure of [driverError, connectError]) {
      const response = toErrorResponse(failure);
      expect(response.status).toBe(503);
      expect(response.headers?.['retry-after']).toMatch(/^\d+$/);
      expect(response.body.error.code).toBe('database-unavailable');
      expect(response.body.error.message).toMatch(/try again/);
    }
    expect(toErrorResponse(new Error('a bug')).status).toBe(500);
  });
});
