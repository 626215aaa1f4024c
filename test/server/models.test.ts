import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/connectDatabase.js';
import { getModels, syncModelIndexes } from '../../server/store/models/models.js';
import { openTestDatabase } from '../support/testDatabase.js';

describe('the shared models', () => {
  let database: Database;

  beforeAll(async () => {
    database = await openTestDatabase('models');
    await syncModelIndexes(database.connection);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('refuses a second user with the same e-mail, whatever its case', async () => {
    const { User } = getModels(database.connection);
    await User.create({ email: 'eng@range.kr', name: 'Eng', role: 'engineer', passwordHash: 'x' });

    const error = await User.create({
      email: 'ENG@range.kr',
      name: 'Other',
      role: 'engineer',
      passwordHash: 'y',
    }).catch((e: unknown) => e);

    expect((error as { code?: number }).code).toBe(11000);
    expect(await User.countDocuments({ email: 'eng@range.kr' })).toBe(1);
  });

  it('stores a flight with its summary and finds it by link and system id', async () => {
    const { Flight, Vehicle } = getModels(database.connection);
    const vehicle = await Vehicle.create({ name: 'X8-01', serial: 'X8-0001', sysId: 1 });
    const startedAt = new Date('2026-11-01T01:00:00Z');
    await Flight.create({
      vehicleId: vehicle._id,
      linkId: 'link-a',
      sysId: 1,
      compId: 1,
      startedAt,
      lastHeardAt: startedAt,
      summary: { maxAltRelM: 42.5, sampleCounts: { position: 10 } },
    });

    const live = await Flight.findOne({ linkId: 'link-a', sysId: 1, status: 'live' }).lean();

    expect(live?.summary?.maxAltRelM).toBe(42.5);
    expect(live?.summary?.sampleCounts).toEqual({ position: 10 });
    expect(live?.startedAt.toISOString()).toBe(startedAt.toISOString());
  });
});
