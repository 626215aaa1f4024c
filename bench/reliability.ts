import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import mongoose, { type Connection } from 'mongoose';
import { SimulatorEndpoint } from '../ground-link/endpoints/simulatorEndpoint.js';
import { createRandom } from '../ground-link/simulator/prng.js';
import { createApiKey } from '../server/auth/apiKeys.js';
import { PROJECT_ROOT } from '../server/config.js';
import { connectDatabase } from '../server/db/connectDatabase.js';
import { freePort } from '../server/db/freePort.js';
import { flightEventsCollection } from '../server/store/flights/flightEventStore.js';
import { createLogger } from '../server/logger.js';
import { getModels, syncModelIndexes } from '../server/store/models/models.js';
import { startSortieServer, type RunningServer } from '../test/ground-link/support/sortieServer.js';
import {
  storedPositionSampleCounts,
  storedPositionTimes,
  storedRawTlogBySysId,
} from '../test/ground-link/support/storedPositions.js';
import {
  openTestGroundLink,
  positionTimesBySysId,
  tlogBySysId,
  type TestGroundLink,
} from '../test/ground-link/support/testGroundLink.js';
import { startEmbeddedSortie } from '../test/server/support/embeddedSortie.js';

/**
 * bench:reliability — R1 and R2 of docs/RELIABILITY.md. A simulated fleet (`--vehicles`, 20)
 * flies a clean 4 ½-minute flight in real time through a ground-link (in this process, so every
 * frame it sent is known) to a real server process, and something is killed mid-flight:
 *
 * - R1 (`--kills`, 10): the server, SIGKILL, restarted after a random pause; its database
 *   (a FerretDB this bench runs) stays up.
 * - R2 (`--db-kills`, 3): the server's own embedded FerretDB, SIGKILL; nobody restarts it but
 *   the server. Calls to /api/auth/login during the outage are counted by status.
 *
 * Then every position sample and raw frame the ground-link heard must be stored exactly once.
 * `--scenario r1|r2|both`.
 */
const { values: args } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'both' },
    kills: { type: 'string', default: '10' },
    'db-kills': { type: 'string', default: '3' },
    vehicles: { type: 'string', default: '20' },
    speed: { type: 'string', default: '1' },
    seed: { type: 'string', default: '42' },
  },
});
const VEHICLES = Number(args.vehicles);
const SPEED = Number(args.speed);
const SEED = Number(args.seed);
const ADMIN = { email: 'bench@range.test', password: 'correct horse battery' };
const logger = createLogger('warn', 'bench-reliability');
const workDir = mkdtempSync(join(tmpdir(), 'sortie-bench-reliability-'));
const random = createRandom(SEED);

async function until(probe: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe()) return true;
    await sleep(50);
  }
  return false;
}

interface Tally {
  expectedSamples: number;
  storedSamples: number;
  missingSamples: number;
  duplicatedSamples: number;
  rawBytesExpected: number;
  rawBytesStored: number;
  rawExact: boolean;
  linkLost: number;
  linkRestored: number;
}

/** What the server stores for the link against what the ground-link sent. */
async function tally(connection: Connection, linkId: string, link: TestGroundLink): Promise<Tally> {
  const expected = positionTimesBySysId(link.seen);
  const expectedCount = [...expected.values()].reduce((sum, times) => sum + times.length, 0);
  let stored = new Map<number, number[]>();
  await until(async () => {
    stored = await storedPositionTimes(connection, linkId);
    return [...expected].every(
      ([sysId, times]) => (stored.get(sysId)?.length ?? 0) >= times.length,
    );
  }, 120_000);
  const counts = await storedPositionSampleCounts(connection, linkId);
  let missing = 0;
  let duplicated = 0;
  for (const [sysId, times] of expected) {
    const served = new Set(stored.get(sysId) ?? []);
    missing += times.filter((t) => !served.has(t)).length;
    duplicated += Math.max(0, (counts.get(sysId) ?? 0) - times.length);
  }
  const expectedRaw = tlogBySysId(link.seen);
  const storedRaw = await storedRawTlogBySysId(connection, linkId);
  const flights = await getModels(connection).Flight.find({ linkId }, { _id: 1 }).lean();
  const events = await flightEventsCollection(connection.db!)
    .find({
      flightId: { $in: flights.map((flight) => String(flight._id)) },
      type: { $in: ['link-lost', 'link-restored'] },
    })
    .toArray();
  return {
    expectedSamples: expectedCount,
    storedSamples: [...counts.values()].reduce((sum, n) => sum + n, 0),
    missingSamples: missing,
    duplicatedSamples: duplicated,
    rawBytesExpected: [...expectedRaw.values()].reduce((sum, b) => sum + b.length, 0),
    rawBytesStored: [...storedRaw.values()].reduce((sum, b) => sum + b.length, 0),
    rawExact: [...expectedRaw].every(([sysId, bytes]) => storedRaw.get(sysId)?.equals(bytes)),
    linkLost: events.filter((event) => event.type === 'link-lost').length,
    linkRestored: events.filter((event) => event.type === 'link-restored').length,
  };
}

function fleet(label: string) {
  return new SimulatorEndpoint({
    simulator: { vehicles: VEHICLES, scenario: 'clean', seed: SEED + label.length },
    speed: SPEED,
  });
}

async function finish(link: TestGroundLink): Promise<void> {
  await link.router.finished();
  await until(() => link.uplink.status().spoolBatches === 0, 300_000);
  await link.router.close();
}

/** R1: the server SIGKILLed `kills` times mid-flight. */
async function serverKills(kills: number) {
  const database = await connectDatabase(
    { dataDir: join(workDir, 'r1-db'), dbName: 'bench_r1', projectRoot: PROJECT_ROOT },
    logger,
  );
  const { connection } = database;
  await syncModelIndexes(connection);
  const { key } = await createApiKey(connection, { name: 'r1 link', rangeId: null });
  const options = { mongodbUri: database.serverUri, dbName: 'bench_r1', port: await freePort() };
  let server: RunningServer = await startSortieServer(options);
  const linkId = `r1-${SEED}`;
  const link = await openTestGroundLink({
    source: fleet('r1'),
    serverUrl: server.url,
    apiKey: key,
    linkId,
    spoolDirectory: join(workDir, 'r1-spool'),
  });
  const restarts: { downMs: number; startMs: number; firstAckMs: number }[] = [];
  let maxSpoolBatches = 0;
  const watchSpool = setInterval(() => {
    maxSpoolBatches = Math.max(maxSpoolBatches, link.uplink.status().spoolBatches);
  }, 100);
  for (let kill = 1; kill <= kills; kill++) {
    const ackedAtStart = link.uplink.status().lastAckedSeq ?? -1;
    await until(() => (link.uplink.status().lastAckedSeq ?? -1) >= ackedAtStart + 5, 120_000);
    await sleep(random.between(500, 3_000));
    await server.stop('SIGKILL');
    const downMs = Math.round(random.between(500, 3_000));
    await sleep(downMs);
    const spawnedMs = Date.now();
    server = await startSortieServer(options);
    const startMs = Date.now() - spawnedMs;
    const ackedBefore = link.uplink.status().lastAckedSeq ?? -1;
    await until(() => (link.uplink.status().lastAckedSeq ?? -1) > ackedBefore, 120_000);
    restarts.push({ downMs, startMs, firstAckMs: Date.now() - spawnedMs - startMs });
    console.log(
      `R1 kill ${kill}/${kills}: down ${downMs} ms, server start ${startMs} ms, first ack ${restarts.at(-1)!.firstAckMs} ms after`,
    );
  }
  await finish(link);
  clearInterval(watchSpool);
  const result = await tally(connection, linkId, link);
  await server.stop('SIGTERM');
  await connection.dropDatabase();
  await database.close();
  return {
    kills,
    ...result,
    maxSpoolBatches,
    meanServerStartMs: Math.round(restarts.reduce((s, r) => s + r.startMs, 0) / kills),
    meanFirstAckAfterStartMs: Math.round(restarts.reduce((s, r) => s + r.firstAckMs, 0) / kills),
  };
}

/** R2: the server's embedded FerretDB SIGKILLed `kills` times mid-flight. */
async function databaseKills(kills: number) {
  const server = await startEmbeddedSortie({
    dataDir: join(workDir, 'r2-data'),
    port: await freePort(),
    env: { SORTIE_ADMIN_EMAIL: ADMIN.email, SORTIE_ADMIN_PASSWORD: ADMIN.password },
  });
  const connection = await mongoose
    .createConnection(server.databaseUri, { dbName: 'sortie', serverSelectionTimeoutMS: 60_000 })
    .asPromise();
  const { key } = await createApiKey(connection, { name: 'r2 link', rangeId: null });
  const linkId = `r2-${SEED}`;
  const link = await openTestGroundLink({
    source: fleet('r2'),
    serverUrl: server.url,
    apiKey: key,
    linkId,
    spoolDirectory: join(workDir, 'r2-spool'),
  });
  const loginStatuses = new Map<number, number>();
  const outagesMs: number[] = [];
  for (let kill = 1; kill <= kills; kill++) {
    const ackedAtStart = link.uplink.status().lastAckedSeq ?? -1;
    await until(() => (link.uplink.status().lastAckedSeq ?? -1) >= ackedAtStart + 20, 120_000);
    await sleep(random.between(2_000, 10_000));
    const databasePid = server.databasePid();
    if (databasePid === null) throw new Error('the server has no FerretDB process');
    const killedMs = Date.now();
    process.kill(databasePid, 'SIGKILL');
    // Logins all through the outage, until /healthz is 200 again.
    for (;;) {
      const [health, login] = await Promise.all([
        fetch(new URL('/healthz', server.url)),
        fetch(new URL('/api/auth/login', server.url), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(ADMIN),
        }),
      ]);
      loginStatuses.set(login.status, (loginStatuses.get(login.status) ?? 0) + 1);
      // Back once the server has seen this outage and its end (not before it noticed).
      const { database } = (await health.json()) as { database: { outages: number } };
      if (health.status === 200 && database.outages >= kill) break;
      if (Date.now() - killedMs > 120_000) throw new Error('the database did not come back');
      await sleep(50);
    }
    outagesMs.push(Date.now() - killedMs);
    console.log(
      `R2 kill ${kill}/${kills}: /healthz 200 again ${outagesMs.at(-1)} ms after the kill`,
    );
  }
  await finish(link);
  const result = await tally(connection, linkId, link);
  await connection.close();
  await server.stop('SIGTERM');
  return {
    kills,
    ...result,
    outagesMs,
    loginStatuses: Object.fromEntries(loginStatuses),
    login500s: loginStatuses.get(500) ?? 0,
  };
}

async function main() {
  const scenario = args.scenario;
  const startedMs = Date.now();
  const r1 = scenario === 'r2' ? null : await serverKills(Number(args.kills));
  const r2 = scenario === 'r1' ? null : await databaseKills(Number(args['db-kills']));
  const result = {
    bench: 'reliability',
    vehicles: VEHICLES,
    speed: SPEED,
    seed: SEED,
    r1,
    r2,
    pass:
      (!r1 || (r1.missingSamples === 0 && r1.duplicatedSamples === 0 && r1.rawExact)) &&
      (!r2 ||
        (r2.missingSamples === 0 &&
          r2.duplicatedSamples === 0 &&
          r2.rawExact &&
          r2.login500s === 0 &&
          r2.linkLost + r2.linkRestored === 0)),
    wallS: Math.round((Date.now() - startedMs) / 1000),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      loadAvg1mAtEnd: Math.round(loadavg()[0]! * 100) / 100,
    },
  };
  for (const [name, r] of [
    ['R1 server SIGKILLs', r1],
    ['R2 database SIGKILLs', r2],
  ] as const) {
    if (!r) continue;
    console.log(
      `${name}: ${r.kills}; samples expected ${r.expectedSamples}, stored ${r.storedSamples}, ` +
        `missing ${r.missingSamples}, duplicated ${r.duplicatedSamples}; raw frames ` +
        `${r.rawExact ? 'byte-exact' : 'DIFFER'} (${r.rawBytesStored}/${r.rawBytesExpected} B); ` +
        `link-lost ${r.linkLost}, link-restored ${r.linkRestored}`,
    );
  }
  if (r2)
    console.log(`R2 logins during the outages by status: ${JSON.stringify(r2.loginStatuses)}`);
  mkdirSync(join(PROJECT_ROOT, 'bench', 'results'), { recursive: true });
  writeFileSync(
    join(PROJECT_ROOT, 'bench', 'results', 'reliability.json'),
    `${JSON.stringify(result, null, 2)}\n`,
  );
  console.log(JSON.stringify(result));
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => rmSync(workDir, { recursive: true, force: true }));
