import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApiKey } from '../../server/auth/apiKeys.js';
import { batchLogDb } from '../../server/store/ingest/ingestCollections.js';
import type { Database } from '../../server/db/connectDatabase.js';
import { SimulatorEndpoint } from '../../ground-link/endpoints/simulatorEndpoint.js';
import { openTestDatabase } from '../support/testDatabase.js';
import { HandSource } from './support/testEndpoints.js';
import { freePort, startSortieServer, type RunningServer } from './support/sortieServer.js';
import {
  storedPositionSampleCounts,
  storedPositionTimes,
  storedRawTlogBySysId,
} from './support/storedPositions.js';
import { testSeed } from './support/simulatedFrames.js';
import { tempDirForFile } from './support/tempDir.js';
import { openTestGroundLink, positionTimesBySysId, tlogBySysId } from './support/testGroundLink.js';

const dir = tempDirForFile('store-forward');
/** When a link's server counts as gone for another (server/ingest/silentFlightCloser.ts) [ms]. */
const OWNER_GONE_AFTER_MS = 10_000;
let database: Database;
let apiKey: string;
let serverOptions: { mongodbUri: string; dbName: string; port: number };
let server: RunningServer | null = null;

beforeAll(async () => {
  database = await openTestDatabase('storeforward');
  apiKey = (await createApiKey(database.connection, { name: 'test link', rangeId: null })).key;
  serverOptions = {
    mongodbUri: inject('databaseServerUri'),
    dbName: database.connection.name,
    port: await freePort(),
  };
});

afterAll(async () => {
  await server?.stop('SIGTERM');
  await batchLogDb(database.connection.db!).dropDatabase();
  await database.close();
});

/** Per vehicle: the expected samples the server lacks, and those it serves more than once. */
function differences(expected: Map<number, number[]>, stored: Map<number, number[]>) {
  return [...expected].map(([sysId, times]) => {
    const served = stored.get(sysId) ?? [];
    const counts = new Map<number, number>();
    for (const t of served) counts.set(t, (counts.get(t) ?? 0) + 1);
    return {
      sysId,
      expected: times.length,
      served: served.length,
      missing: times.filter((t) => !counts.has(t)).slice(0, 10),
      servedTwice: [...counts]
        .filter(([, n]) => n > 1)
        .map(([t]) => t)
        .slice(0, 10),
      unexpected: served.filter((t) => !times.includes(t)).slice(0, 10),
    };
  });
}

/** Polls `probe` until it is true; false after `timeoutMs`. */
async function until(probe: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe()) return true;
    await sleep(100);
  }
  return false;
}

/**
 * What the server serves for the link, once it serves as many position samples as expected
 * (the ack comes before the samples are folded into flights), or after 30 s: compared whole,
 * so a sample lost or served twice fails the test.
 */
async function storedOnceSettled(
  linkId: string,
  expected: Map<number, number[]>,
): Promise<Map<number, number[]>> {
  let stored = new Map<number, number[]>();
  await until(async () => {
    stored = await storedPositionTimes(database.connection, linkId);
    return [...expected].every(
      ([sysId, times]) => (stored.get(sysId)?.length ?? 0) >= times.length,
    );
  }, 30_000);
  return stored;
}

describe('uplink store-and-forward against the real server', () => {
  // SIGKILL is a crash: acks in flight and a compaction pass cut anywhere. SIGTERM is a clean
  // stop that folds what it logged before it exits.
  it.each(['SIGKILL', 'SIGTERM'] as const)(
    'stores every sample and raw frame exactly once although the server is stopped (%s) mid-flight and comes back',
    { timeout: 240_000 },
    async (signal) => {
      const seed = testSeed(`server-${signal}`);
      await server?.stop('SIGTERM');
      server = await startSortieServer(serverOptions);
      // A two-vehicle flight in about 13 s (×20), batches still every 50 ms; 26 s (×10) when
      // the server stays away long, so the stream still runs when it comes back.
      const simulator = new SimulatorEndpoint({
        simulator: { vehicles: 2, scenario: 'clean', seed },
        speed: signal === 'SIGKILL' ? 10 : 20,
      });
      const linkId = `${signal.toLowerCase()}-${seed}`;
      const link = await openTestGroundLink({
        source: simulator,
        serverUrl: server.url,
        apiKey,
        linkId,
        spoolDirectory: join(dir, `${signal}-spool`),
      });

      // Some batches acked, then the server stops while frames keep coming.
      expect(await until(() => (link.uplink.status().lastAckedSeq ?? -1) >= 10, 60_000)).toBe(true);
      const firstServerOutput = server.output();
      await server.stop(signal);
      if (signal === 'SIGKILL') {
        // A crashed server slow to come back: long enough that the restarted one's silent-flight
        // check counts the link's owner as gone and may take the link over before it returns.
        await sleep(OWNER_GONE_AFTER_MS + 1_000);
      }
      const ackedBeforeStop = link.uplink.status().lastAckedSeq;
      expect(await until(() => link.uplink.status().spoolBatches >= 20, 30_000)).toBe(true);
      expect(link.uplink.status().lastAckedSeq).toBe(ackedBeforeStop);
      server = await startSortieServer(serverOptions);

      await link.router.finished();
      expect(await until(() => link.uplink.status().spoolBatches === 0, 60_000)).toBe(true);
      await link.router.close();
      expect(link.uplink.status()).toMatchObject({ spoolBatches: 0, batchesDropped: 0 });

      const expected = positionTimesBySysId(link.seen);
      for (const vehicle of simulator.truth().vehicles) {
        expect(expected.get(vehicle.sysId)).toHaveLength(vehicle.globalPositionIntFrames);
      }
      const stored = await storedOnceSettled(linkId, expected);
      if (differences(expected, stored).some((d) => d.served !== d.expected)) {
        // What the servers logged (warnings and errors) is where a loss is explained.
        console.error(`first server:\n${firstServerOutput}\nrestarted server:\n${server.output()}`);
      }
      expect(differences(expected, stored)).toEqual(
        [...expected].map(([sysId, times]) => ({
          sysId,
          expected: times.length,
          served: times.length,
          missing: [],
          servedTwice: [],
          unexpected: [],
        })),
      );
      expect(stored).toEqual(expected);
      // Count what is stored as well, bucket by bucket. Polled: a flight closing between the
      // count's two reads moves a bucket from one to the other.
      const expectedCounts = new Map([...expected].map(([sysId, times]) => [sysId, times.length]));
      let counts = new Map<number, number>();
      await until(async () => {
        counts = await storedPositionSampleCounts(database.connection, linkId);
        return [...expectedCounts].every(([sysId, n]) => counts.get(sysId) === n);
      }, 15_000);
      expect(counts).toEqual(expectedCounts);
      // Raw frames are the evidence: byte-exact, none lost, none twice. Polled like the counts:
      // the last batches may hold no position (a heartbeat after the last one) and be folded
      // a pass after the positions were all in.
      const expectedRaw = tlogBySysId(link.seen);
      let storedRaw = new Map<number, Buffer>();
      await until(async () => {
        storedRaw = await storedRawTlogBySysId(database.connection, linkId);
        return [...expectedRaw].every(
          ([sysId, bytes]) => (storedRaw.get(sysId)?.length ?? 0) >= bytes.length,
        );
      }, 15_000);
      expect(
        [...storedRaw].map(([sysId, bytes]) => [sysId, bytes.length]).sort(([a], [b]) => a! - b!),
      ).toEqual(
        [...expectedRaw].map(([sysId, bytes]) => [sysId, bytes.length]).sort(([a], [b]) => a! - b!),
      );
      for (const [sysId, bytes] of expectedRaw) {
        expect(storedRaw.get(sysId)?.equals(bytes), `raw frames of system ${sysId}`).toBe(true);
      }
    },
  );

  it(
    'resends in order, after a ground-link restart, what it spooled while the server was away',
    { timeout: 240_000 },
    async () => {
      const seed = testSeed('link-restart');
      await server?.stop('SIGTERM');
      server = null;
      const linkId = `restart-${seed}`;
      const spoolDirectory = join(dir, 'restart-spool');
      const simulator = new SimulatorEndpoint({
        simulator: { vehicles: 1, scenario: 'clean', seed, durationS: 60 },
        speed: 'max',
      });
      const first = await openTestGroundLink({
        source: simulator,
        serverUrl: `http://127.0.0.1:${serverOptions.port}`,
        apiKey,
        linkId,
        spoolDirectory,
      });
      await first.router.finished();
      await first.router.close();
      const spooled = first.uplink.status();
      expect(spooled.lastAckedSeq).toBeNull();
      expect(spooled.spoolBatches).toBe(spooled.batchesSpooled);

      server = await startSortieServer(serverOptions);
      // The restarted ground-link has no new frames: only the spool to deliver.
      const idle = new HandSource('idle');
      const second = await openTestGroundLink({
        source: idle,
        serverUrl: server.url,
        apiKey,
        linkId,
        spoolDirectory,
      });
      idle.end();
      await second.router.finished();
      await second.router.close();
      expect(second.uplink.status()).toMatchObject({
        spoolBatches: 0,
        lastAckedSeq: spooled.batchesSpooled - 1,
      });

      const expected = positionTimesBySysId(first.seen);
      expect(await storedOnceSettled(linkId, expected)).toEqual(expected);
    },
  );
});
