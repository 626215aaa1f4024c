import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApiKey } from '../../server/auth/apiKeys.js';
import type { Database } from '../../server/db/connectDatabase.js';
import { batchLogDb } from '../../server/ingest/ingestCollections.js';
import { getModels } from '../../server/models/models.js';
import { readTlog } from '../../telemetry/tlog/readTlog.js';
import { openTestDatabase } from '../support/testDatabase.js';
import { seededRandom } from '../telemetry/helpers/seededRandom.js';
import { runCli } from './support/runCli.js';
import { freePort, startSortieServer, type RunningServer } from './support/sortieServer.js';
import { storedRawTlogBySysId } from './support/storedPositions.js';
import { testSeed } from './support/simulatedFrames.js';
import { tempDirForFile } from './support/tempDir.js';

/**
 * A real log (fixtures/real-logs, dronekit-python, Apache-2.0) with a seeded handful of its
 * 8-byte .tlog timestamps overwritten with random bytes, replayed by the real ground-link into
 * a real server: every frame of the vehicle is still stored, and no batch is refused. Expected
 * values: the vehicle's frames as the file holds them.
 */
const LOG = join(
  import.meta.dirname,
  '../../fixtures/real-logs/copter-ac32-sik-radio-gcs-badcrc-mavlink1.tlog',
);
const CORRUPTED_TIMESTAMPS = 17;
const VEHICLE_SYS_ID = 1;

const dir = tempDirForFile('corrupt-ts');
let database: Database;
let apiKey: string;
let server: RunningServer;

beforeAll(async () => {
  database = await openTestDatabase('corruptTimestamps');
  apiKey = (await createApiKey(database.connection, { name: 'replay link', rangeId: null })).key;
  server = await startSortieServer({
    mongodbUri: inject('databaseServerUri'),
    dbName: database.connection.name,
    port: await freePort(),
  });
}, 90_000);

afterAll(async () => {
  await server?.stop('SIGTERM');
  await batchLogDb(database.connection.db!).dropDatabase();
  await database.close();
});

async function recordsOf(source: string | Buffer) {
  const chunks = typeof source === 'string' ? source : [new Uint8Array(source)];
  const records: { offset: number; sysId: number; bytes: Uint8Array }[] = [];
  for await (const record of readTlog(chunks as string | Iterable<Uint8Array> as string)) {
    records.push({ offset: record.offset, sysId: record.frame.sysId, bytes: record.bytes });
  }
  return records;
}

describe('replay of a real log with corrupt timestamps', () => {
  it('stores every frame of the vehicle and refuses no batch', async () => {
    const seed = testSeed('corrupt-timestamps');
    const random = seededRandom(seed);
    const bytes = readFileSync(LOG);
    const records = await recordsOf(LOG);
    const corrupted = new Set<number>();
    while (corrupted.size < CORRUPTED_TIMESTAMPS) {
      corrupted.add(Math.floor(random() * records.length));
    }
    for (const index of corrupted) {
      const at = records[index]!.offset;
      for (let i = 0; i < 8; i++) bytes[at + i] = Math.floor(random() * 256);
    }
    const path = join(dir, 'corrupted.tlog');
    writeFileSync(path, bytes);

    const spool = join(dir, 'spool');
    const replay = await runCli([
      'replay',
      path,
      '--speed',
      'max',
      '--server',
      server.url,
      '--key',
      apiKey,
      '--spool',
      spool,
      '--link-id',
      'corrupt-replay',
      '--status',
      'off',
    ]);
    expect(replay.stderr).not.toMatch(/refused/);
    expect(replay.code).toBe(0);
    expect(readdirSync(spool)).not.toContain('rejected');

    const expectedFrames = records
      .filter((record) => record.sysId === VEHICLE_SYS_ID)
      .map((record) => Buffer.from(record.bytes).toString('hex'));
    // Acked batches are folded into flights shortly after: wait until the count stops growing.
    let storedFrames: string[] = [];
    for (let unchanged = 0, deadline = Date.now() + 60_000; Date.now() < deadline;) {
      const stored = await storedRawTlogBySysId(database.connection, 'corrupt-replay');
      const now = (await recordsOf(stored.get(VEHICLE_SYS_ID) ?? Buffer.alloc(0))).map((record) =>
        Buffer.from(record.bytes).toString('hex'),
      );
      unchanged = now.length === storedFrames.length ? unchanged + 1 : 0;
      storedFrames = now;
      if (storedFrames.length === expectedFrames.length || unchanged >= 5) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(storedFrames.length).toBe(expectedFrames.length);
    expect(storedFrames).toEqual(expectedFrames);

    // No flight starts or ends outside the log's own dates (July 2015).
    const flights = await getModels(database.connection)
      .Flight.find({ linkId: 'corrupt-replay' }, { startedAt: 1, lastHeardAt: 1 })
      .lean();
    expect(flights.length).toBeGreaterThan(0);
    for (const flight of flights) {
      expect(new Date(flight.startedAt).getUTCFullYear()).toBe(2015);
      expect(new Date(flight.lastHeardAt).getUTCFullYear()).toBe(2015);
    }
  }, 240_000);
});
