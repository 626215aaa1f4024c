import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApiKey } from '../../server/auth/apiKeys.js';
import type { Database } from '../../server/db/connectDatabase.js';
import { batchLogDb } from '../../server/store/ingest/ingestCollections.js';
import { getModels } from '../../server/store/models/models.js';
import { readTlog } from '../../telemetry/tlog/readTlog.js';
import { openTestDatabase } from '../support/testDatabase.js';
import { seededRandom } from '../telemetry/helpers/seededRandom.js';
import { runCli } from './support/runCli.js';
import { freePort, startSortieServer, type RunningServer } from './support/sortieServer.js';
import { storedRawTlogBySysId } from './support/storedPositions.js';
import { testSeed } from './support/simulatedFrames.js';
import { tempDirForFile } from './support/tempDir.js';

/**
 * A real log (fixtures/real-logs, dronekit-python, Apache-2.0) damaged with a fixed seed (a
 * handful of its 8-byte .tlog timestamps overwritten, or bits flipped all over), replayed by the
 * real ground-link into a real server: the vehicle's frames are still stored, and no batch is
 * refused. Expected values: the vehicle's frames the server stores from the intact log, replayed
 * the same way first (a flight keeps at most the last minutes of unarmed frames before its arming,
 * so not every frame of the file belongs to a flight).
 */
const LOG = join(
  import.meta.dirname,
  '../../fixtures/real-logs/copter-ac32-sik-radio-gcs-badcrc-mavlink1.tlog',
);
const CORRUPTED_TIMESTAMPS = 17;
const VEHICLE_SYS_ID = 1;
const BIT_FLIP_RATE = 1e-3;

const dir = tempDirForFile('corrupt-ts');
let database: Database;
let apiKey: string;
let server: RunningServer;
/** The vehicle's frames stored from the intact log, in order. */
let intactFrames: string[] = [];

beforeAll(async () => {
  database = await openTestDatabase('corruptTimestamps');
  apiKey = (await createApiKey(database.connection, { name: 'replay link', rangeId: null })).key;
  server = await startSortieServer({
    mongodbUri: inject('databaseServerUri'),
    dbName: database.connection.name,
    port: await freePort(),
  });
  await replayIntoServer(LOG, 'intact');
  const inFile = (await recordsOf(LOG)).filter((r) => r.sysId === VEHICLE_SYS_ID).length;
  intactFrames = await storedVehicleFrames('intact', inFile);
}, 240_000);

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

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/** Replays `path` through `sortie-link replay` into the server; asserts nothing was refused. */
async function replayIntoServer(path: string, linkId: string): Promise<void> {
  const spool = join(dir, `spool-${linkId}`);
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
    linkId,
    '--status',
    'off',
  ]);
  expect(replay.stderr).not.toMatch(/refused/);
  expect(replay.code).toBe(0);
  expect(readdirSync(spool)).not.toContain('rejected');
}

/**
 * The vehicle's frames the server serves as its flights' .tlog. Acked batches are folded into
 * flights shortly after the ack: read until the count reaches `expected` or stops growing.
 */
async function storedVehicleFrames(linkId: string, expected: number): Promise<string[]> {
  let frames: string[] = [];
  for (let unchanged = 0, deadline = Date.now() + 60_000; Date.now() < deadline;) {
    const stored = await storedRawTlogBySysId(database.connection, linkId);
    const now = (await recordsOf(stored.get(VEHICLE_SYS_ID) ?? Buffer.alloc(0))).map((r) =>
      hex(r.bytes),
    );
    unchanged = now.length === frames.length ? unchanged + 1 : 0;
    frames = now;
    if (frames.length >= expected || unchanged >= 5) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return frames;
}

/**
 * Offsets of the records the vehicle sent while armed: from a HEARTBEAT of its autopilot with
 * the armed bit of `base_mode` (MAV_MODE_FLAG_SAFETY_ARMED, 0x80) to one without.
 */
function armedFrames(records: { offset: number; sysId: number; bytes: Uint8Array }[]) {
  const offsets = new Set<number>();
  let armed = false;
  for (const r of records) {
    const frame = r.bytes;
    // MAVLink 1: FE len seq sys comp msgid payload…; HEARTBEAT (0) has base_mode at payload[6].
    if (frame[0] === 0xfe && frame[5] === 0 && r.sysId === VEHICLE_SYS_ID && frame[4] === 1) {
      armed = ((frame[6 + 6] ?? 0) & 0x80) !== 0;
    }
    if (armed && r.sysId === VEHICLE_SYS_ID) offsets.add(r.offset);
  }
  return offsets;
}

/** No flight of the link starts or ends outside the log's own dates (July 2015). */
async function expectFlightsIn2015(linkId: string): Promise<void> {
  const flights = await getModels(database.connection)
    .Flight.find({ linkId }, { startedAt: 1, lastHeardAt: 1 })
    .lean();
  expect(flights.length).toBeGreaterThan(0);
  for (const flight of flights) {
    expect(new Date(flight.startedAt).getUTCFullYear()).toBe(2015);
    expect(new Date(flight.lastHeardAt).getUTCFullYear()).toBe(2015);
  }
}

describe('replay of a real log with corrupt bytes', () => {
  it('stores every frame of the vehicle when some timestamps are corrupt, and refuses no batch', async () => {
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
    const path = join(dir, 'corrupt-timestamps.tlog');
    writeFileSync(path, bytes);

    await replayIntoServer(path, 'corrupt-timestamps');

    const stored = await storedVehicleFrames('corrupt-timestamps', intactFrames.length);
    expect(intactFrames.length).toBeGreaterThan(0);
    expect(stored.length).toBe(intactFrames.length);
    expect(stored).toEqual(intactFrames);
    await expectFlightsIn2015('corrupt-timestamps');
  }, 240_000);

  it('stores the vehicle frames that bit flips at 1e-3 left whole, and refuses no batch', async () => {
    const seed = testSeed('bit-flips');
    const random = seededRandom(seed);
    const bytes = readFileSync(LOG);
    const records = await recordsOf(LOG);
    const flipped = new Set<number>();
    for (let bit = 0; bit < bytes.length * 8; bit++) {
      if (random() >= BIT_FLIP_RATE) continue;
      const at = bit >> 3;
      bytes[at] = (bytes[at] as number) ^ (1 << (bit & 7));
      flipped.add(at);
    }
    const path = join(dir, 'bit-flips.tlog');
    writeFileSync(path, bytes);

    await replayIntoServer(path, 'bit-flips');

    // Whole: no flipped byte in the frame (a flipped timestamp leaves the frame whole), and
    // stored from the intact log; armed: sent between an arming and a disarming, as the intact
    // file's HEARTBEATs say.
    const intact = new Set(intactFrames);
    const armed = armedFrames(records);
    const whole = records.filter((r) => {
      if (r.sysId !== VEHICLE_SYS_ID || !intact.has(hex(r.bytes))) return false;
      for (let i = 8; i < 8 + r.bytes.length; i++) if (flipped.has(r.offset + i)) return false;
      return true;
    });
    const stored = new Set(await storedVehicleFrames('bit-flips', whole.length));
    const kept = whole.filter((r) => stored.has(hex(r.bytes)));
    const wholeArmed = whole.filter((r) => armed.has(r.offset));
    const keptArmed = kept.filter((r) => armed.has(r.offset));
    console.log(
      `bit flips: ${flipped.size} bytes flipped, ${kept.length} of ${whole.length} whole frames stored, ` +
        `${keptArmed.length} of the ${wholeArmed.length} sent while armed`,
    );
    // Every flight keeps what was flown. Unarmed frames are kept only as the last minutes
    // before an arming, measured in the log's clock: a flipped timestamp that passes for a
    // silence of a few minutes can end such a part early, so those are not held to it.
    expect(keptArmed.length / wholeArmed.length).toBeGreaterThanOrEqual(0.99);
    await expectFlightsIn2015('bit-flips');
  }, 240_000);
});
