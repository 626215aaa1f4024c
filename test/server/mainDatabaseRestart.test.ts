import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import mongoose from 'mongoose';
import { afterAll, describe, expect, it } from 'vitest';
import { SimulatorEndpoint } from '../../ground-link/endpoints/simulatorEndpoint.js';
import { createApiKey } from '../../server/auth/apiKeys.js';
import { flightEventsCollection } from '../../server/store/flights/flightEventStore.js';
import { getModels } from '../../server/store/models/models.js';
import { testSeed } from '../ground-link/support/simulatedFrames.js';
import { freePort } from '../ground-link/support/sortieServer.js';
import {
  storedPositionSampleCounts,
  storedPositionTimes,
} from '../ground-link/support/storedPositions.js';
import { tempDirForFile } from '../ground-link/support/tempDir.js';
import { openTestGroundLink, positionTimesBySysId } from '../ground-link/support/testGroundLink.js';
import { startEmbeddedSortie, type EmbeddedSortie } from './support/embeddedSortie.js';

const dir = tempDirForFile('main-db-restart');
const ADMIN = { email: 'admin@range.test', password: 'correct horse battery' };
let server: EmbeddedSortie | null = null;
let connection: mongoose.Connection | null = null;
afterAll(async () => {
  await connection?.close();
  await server?.stop('SIGKILL');
});

/** Polls `probe` until it gives a value; throws after `timeoutMs`. */
async function until<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/**
 * Keeps a loopback port taken, refusing every connection on it, so a FerretDB restarted on it
 * cannot listen: the outage lasts until `release`, however fast a restart is.
 */
async function holdPort(port: number): Promise<Server> {
  for (;;) {
    const holder = createServer((socket) => socket.destroy());
    const taken = await new Promise<boolean>((resolve) => {
      holder.once('error', () => resolve(false));
      holder.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (taken) return holder;
    await sleep(2);
  }
}

function login(url: string) {
  return fetch(new URL('/api/auth/login', url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
}

describe('npm start when its embedded database dies', () => {
  it(
    'restarts FerretDB on the same port, answers 503 with retry-after meanwhile, and stores every sample once without link alerts',
    { timeout: 180_000 },
    async () => {
      const seed = testSeed('embedded-db-restart');
      server = await startEmbeddedSortie({
        dataDir: join(dir, 'data'),
        port: await freePort(),
        env: { SORTIE_ADMIN_EMAIL: ADMIN.email, SORTIE_ADMIN_PASSWORD: ADMIN.password },
      });
      const { url, databaseUri } = server;
      connection = await mongoose
        .createConnection(databaseUri, { dbName: 'sortie', serverSelectionTimeoutMS: 30_000 })
        .asPromise();
      const apiKey = (await createApiKey(connection, { name: 'test link', rangeId: null })).key;
      const cookie = (await login(url)).headers.get('set-cookie')!.split(';')[0]!;

      // Two clean flights, about 4 ½ minutes of simulated time at ×20; batches every 50 ms.
      const simulator = new SimulatorEndpoint({
        simulator: { vehicles: 2, scenario: 'clean', seed },
        speed: 20,
      });
      const linkId = `db-restart-${seed}`;
      const link = await openTestGroundLink({
        source: simulator,
        serverUrl: url,
        apiKey,
        linkId,
        spoolDirectory: join(dir, 'spool'),
      });
      await until(
        'acked batches',
        () => (link.uplink.status().lastAckedSeq ?? -1) >= 20 || undefined,
        60_000,
      );

      // The crash: FerretDB killed mid-flight, its port held so the outage lasts a while.
      const killedPid = server.databasePid()!;
      process.kill(killedPid, 'SIGKILL');
      const databasePort = Number(new URL(databaseUri).port);
      const holder = await holdPort(databasePort);
      const health = await until(
        'a 503 from /healthz',
        async () => {
          const answer = await fetch(new URL('/healthz', url));
          return answer.status === 503 ? answer : undefined;
        },
        // How soon the driver notices a dead server varies with load; what matters is 503, not 500.
        30_000,
      );
      expect(health.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(await health.json()).toMatchObject({ database: { ok: false } });
      for (const answer of [
        await login(url),
        await fetch(new URL('/api/flights', url), { headers: { cookie } }),
      ]) {
        expect(answer.status).toBe(503);
        expect(answer.headers.get('retry-after')).toMatch(/^\d+$/);
        expect((await answer.json()).error).toMatchObject({
          code: 'database-unavailable',
          message: expect.stringMatching(/try again/),
        });
      }
      // Meanwhile the ground-link keeps what it cannot deliver.
      const spooledBefore = link.uplink.status().spoolBatches;
      await until(
        'batches spooled',
        () => link.uplink.status().spoolBatches > spooledBefore + 10 || undefined,
        30_000,
      );
      await new Promise<void>((resolve) => holder.close(() => resolve()));

      // Back without anyone's help: a new FerretDB on the same port and data, /healthz 200.
      await until(
        '/healthz 200',
        async () => ((await fetch(new URL('/healthz', url))).status === 200 ? true : undefined),
        60_000,
      );
      expect(server.databasePid()).not.toBe(killedPid);
      expect((await login(url)).status).toBe(200);

      await link.router.finished();
      await until(
        'an empty spool',
        () => link.uplink.status().spoolBatches === 0 || undefined,
        60_000,
      );
      await link.router.close();
      expect(link.uplink.status()).toMatchObject({ spoolBatches: 0, batchesDropped: 0 });

      // Every sample the ground-link heard is stored once (read back through the server's
      // series reader and counted in the buckets), across the restart.
      const expected = positionTimesBySysId(link.seen);
      for (const vehicle of simulator.truth().vehicles) {
        expect(expected.get(vehicle.sysId)).toHaveLength(vehicle.globalPositionIntFrames);
      }
      const stored = await until(
        'every sample stored',
        async () => {
          const times = await storedPositionTimes(connection!, linkId);
          const complete = [...expected].every(
            ([sysId, list]) => (times.get(sysId)?.length ?? 0) >= list.length,
          );
          return complete ? times : undefined;
        },
        30_000,
      ).catch(() => storedPositionTimes(connection!, linkId));
      expect(stored).toEqual(expected);
      const counts = await storedPositionSampleCounts(connection, linkId);
      expect(counts).toEqual(new Map([...expected].map(([sysId, t]) => [sysId, t.length])));

      // The vehicles never went quiet: the database did. No link-lost, no link-restored.
      const flights = await getModels(connection).Flight.find({ linkId }, { _id: 1 }).lean();
      expect(flights).toHaveLength(2);
      const linkEvents = await flightEventsCollection(connection.db!)
        .find({
          flightId: { $in: flights.map((flight) => String(flight._id)) },
          type: { $in: ['link-lost', 'link-restored'] },
        })
        .toArray();
      expect(linkEvents).toEqual([]);
      expect(server.output()).toContain('the embedded database is running again');
    },
  );
});
