import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { Simulator } from '../ground-link/simulator/index.js';
import { TOTAL_STREAM_RATE_HZ } from '../ground-link/simulator/index.js';
import { createApiKey } from '../server/auth/apiKeys.js';
import { createSession } from '../server/auth/sessions.js';
import { PROJECT_ROOT } from '../server/config.js';
import { connectDatabase } from '../server/db/connectDatabase.js';
import { freePort } from '../server/db/freePort.js';
import { rawTlogCollections } from '../server/store/flights/rawTlogStore.js';
import { batchLogDb } from '../server/store/ingest/ingestCollections.js';
import { createLogger } from '../server/logger.js';
import { getModels, syncModelIndexes } from '../server/store/models/models.js';
import type { LiveWatcherMessage, LiveWatcherReport } from './ingest/liveWatcher.js';

/**
 * bench:ingest — M simulated PX4 vehicles at their default stream rates, sent as UDP datagrams
 * to real ground-link processes (`sortie-link listen`), which stream to a real server process
 * over /ingest. A browser-like /live client, on a thread of its own (bench/ingest/liveWatcher.ts),
 * measures the latency from the ground-link's UDP receive (the state's `lastHeardUs`) to the
 * state reaching it. The server's and the database's CPU and the server's RSS are read from
 * /proc.
 *
 * `--instances N` (or BENCH_INSTANCES): N server processes on the one database, joined by a
 * Redis (redis-server started here), the ground-links split between them and a /live watcher
 * on each, so half the states a watcher sees cross Redis; CPU is summed over the servers.
 */
const VEHICLES = Number(process.env.BENCH_VEHICLES ?? 100);
const VEHICLES_PER_LINK = Number(process.env.BENCH_VEHICLES_PER_LINK ?? 25);
const WARMUP_S = Number(process.env.BENCH_WARMUP_S ?? 10);
const MEASURE_S = Number(process.env.BENCH_MEASURE_S ?? 60);
/** SQLite's synchronous setting when the bench starts FerretDB itself (README, database notes). */
const FERRETDB_SYNCHRONOUS =
  process.env.SORTIE_FERRETDB_SYNCHRONOUS === 'normal' ? 'normal' : 'full';
const INSTANCES = Number(
  process.argv.includes('--instances')
    ? process.argv[process.argv.indexOf('--instances') + 1]
    : (process.env.BENCH_INSTANCES ?? 1),
);
const SEED = 11;
const GOAL = { vehicles: 100, msgPerVehicle: 65, p99Ms: 100 };
const SEND_EVERY_MS = 20;
const CLOCK_TICKS_PER_S = 100;

const logger = createLogger('warn', 'bench-ingest');
const workDir = mkdtempSync(join(tmpdir(), 'sortie-bench-ingest-'));
const children: ChildProcess[] = [];
const nowUs = () => Math.round((performance.timeOrigin + performance.now()) * 1000);

function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_S;
}

function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
  return line ? Number(line[1]) / 1024 : 0;
}

/** The embedded database server this process started, if any (for its CPU). */
function databasePid(): number | null {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8').trim();
      const [, comm = '', rest = ''] = /^\d+ \((.*)\) (.*)$/.exec(stat) ?? [];
      if (Number(rest.split(' ')[1]) === process.pid && /ferretdb|mongod/.test(comm))
        return Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  return null;
}

/** Whether some process has bound this UDP port (IPv4, /proc/net/udp). */
function udpPortBound(port: number): boolean {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  return readFileSync('/proc/net/udp', 'utf8')
    .split('\n')
    .some((line) => line.trim().split(/\s+/)[1]?.endsWith(`:${hexPort}`));
}

function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

function startNode(args: string[], env: NodeJS.ProcessEnv, name: string): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  child.stderr?.on('data', (data: Buffer) => {
    const text = data.toString();
    if (/"level":(50|60)|Error/.test(text)) process.stderr.write(`[${name}] ${text}`);
  });
  return child;
}

async function main() {
  const database = await connectDatabase(
    {
      mongodbUri: process.env.MONGODB_URI,
      dataDir: join(workDir, 'db'),
      dbName: 'bench_ingest',
      projectRoot: PROJECT_ROOT,
      ferretdbSynchronous: FERRETDB_SYNCHRONOUS,
    },
    logger,
  );
  const { connection } = database;
  await connection.dropDatabase();
  await syncModelIndexes(connection);
  const dbPid = databasePid();

  // Several instances share live messages through a Redis of their own.
  let redisUrl: string | null = null;
  if (INSTANCES > 1) {
    const redisPort = await freePort();
    const redis = spawn(
      'redis-server',
      ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    children.push(redis);
    await new Promise<void>((resolve, reject) => {
      let out = '';
      redis.stdout?.on('data', (data: Buffer) => {
        out += data.toString();
        if (/Ready to accept connections/.test(out)) resolve();
      });
      redis.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${out}`)));
    });
    redisUrl = `redis://127.0.0.1:${redisPort}`;
  }
  // The servers, as `npm start` runs them, on the same database.
  const servers: ChildProcess[] = [];
  const serverUrls: string[] = [];
  for (let i = 0; i < INSTANCES; i++) {
    const server = startNode(
      ['server/main.ts'],
      {
        MONGODB_URI: database.serverUri,
        SORTIE_DB_NAME: 'bench_ingest',
        SORTIE_SIGNING_KEY_FILE: join(workDir, 'range-ed25519.pem'),
        ...(redisUrl ? { SORTIE_REDIS_URL: redisUrl } : {}),
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
      },
      `server-${i}`,
    );
    servers.push(server);
    serverUrls.push(
      await new Promise<string>((resolve, reject) => {
        let out = '';
        server.stdout?.on('data', (data: Buffer) => {
          out += data.toString();
          const match = /Sortie is running at (http:\/\/\S+?)\/? /.exec(out);
          if (match) resolve(match[1]!);
        });
        server.once('exit', (code) => reject(new Error(`server exited (${code}): ${out}`)));
      }),
    );
  }
  const serverUrl = serverUrls.join(',');

  const { User } = getModels(connection);
  const admin = await User.create({
    email: 'bench@sortie.test',
    name: 'Bench',
    role: 'admin',
    passwordHash: 'unused',
  });
  const { token } = await createSession(connection, admin._id.toHexString(), 3_600_000);

  // Ground-links: one process per VEHICLES_PER_LINK vehicles, each on its own UDP port.
  const linkCount = Math.ceil(VEHICLES / VEHICLES_PER_LINK);
  const udpPorts: number[] = [];
  for (let i = 0; i < linkCount; i++) {
    const { key } = await createApiKey(connection, { name: `bench-link-${i}`, rangeId: null });
    const port = await freePort();
    udpPorts.push(port);
    startNode(
      [
        'ground-link/cli.ts',
        'listen',
        '--udp',
        `127.0.0.1:${port}`,
        '--server',
        serverUrls[i % INSTANCES]!,
        '--key',
        key,
        '--link-id',
        `bench-${i}`,
        '--spool',
        join(workDir, `spool-${i}`),
        '--status',
        'off',
        '--log-level',
        'warn',
      ],
      {},
      `link-${i}`,
    );
  }
  // Every ground-link must be reading its port before the fleet sends: a datagram to a port
  // nobody has bound yet is dropped by the kernel, and a loaded machine starts them slowly.
  const bindDeadline = Date.now() + 60_000;
  while (!udpPorts.every(udpPortBound)) {
    if (Date.now() > bindDeadline) throw new Error('the ground-links did not bind their ports');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  // A browser on /live of each server, watching everything, each on a thread of its own.
  const watcherScript = new URL('./ingest/liveWatcher.ts', import.meta.url).href;
  const watchers = serverUrls.map((url) => {
    // A worker does not inherit tsx's loader: it registers it, then loads the TypeScript.
    const watcher = new Worker(
      `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(watcherScript)}); });`,
      { eval: true, workerData: { url, sessionToken: token } },
    );
    const report = new Promise<LiveWatcherReport>((resolve, reject) => {
      watcher.on('message', (message: LiveWatcherMessage) => {
        if (message.type === 'report') resolve(message.report);
      });
      watcher.once('error', reject);
    });
    const ready = new Promise<void>((resolve, reject) => {
      watcher.on('message', (message: LiveWatcherMessage) => {
        if (message.type === 'ready') resolve();
      });
      watcher.once('error', reject);
    });
    return { watcher, report, ready };
  });
  await Promise.all(watchers.map(({ ready }) => ready));
  let measuring = false;

  // The fleet, in real time, one datagram per frame.
  const udp = createSocket('udp4');
  const simulator = new Simulator({
    vehicles: VEHICLES,
    scenario: 'clean',
    seed: SEED,
    startUs: nowUs(),
  });
  const firstSysId = simulator.options.firstSysId;
  let framesSent = 0;
  let framesSentMeasured = 0;
  const sendTimer = setInterval(() => {
    for (const chunk of simulator.advanceTo(nowUs())) {
      const sysId = chunk.bytes[0] === 0xfd ? chunk.bytes[5]! : chunk.bytes[3]!;
      const link = Math.floor((sysId - firstSysId) / VEHICLES_PER_LINK) % linkCount;
      udp.send(chunk.bytes, udpPorts[link]!, '127.0.0.1');
      framesSent++;
      if (measuring) framesSentMeasured++;
    }
  }, SEND_EVERY_MS);

  console.log(
    `${VEHICLES} vehicles × ${TOTAL_STREAM_RATE_HZ} msg/s → ${linkCount} ground-links → ${serverUrl} (${database.engine} ${database.engineVersion}, synchronous ${FERRETDB_SYNCHRONOUS}); seed ${SEED}`,
  );
  await new Promise((resolve) => setTimeout(resolve, WARMUP_S * 1000));
  // Frames in flights (their raw pieces in GridFS), to tell the rate the server keeps up with.
  const { files } = rawTlogCollections(connection.db!);
  const storedFrames = async () => {
    const [row] = await files
      .aggregate<{ frames: number }>([
        { $group: { _id: null, frames: { $sum: '$metadata.frames' } } },
      ])
      .toArray();
    return row?.frames ?? 0;
  };
  // A count reads one snapshot, taken as its query starts: that is the count's time.
  const storedAtStartMs = performance.now();
  const storedAtStart = await storedFrames();
  const serverPids = servers.map((server) => server.pid!);
  const serversCpuSeconds = () => serverPids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
  const cpuStart = serversCpuSeconds();
  const dbCpuStart = dbPid ? cpuSeconds(dbPid) : 0;
  const wallStart = performance.now();
  let maxRssMb = 0;
  const rssTimer = setInterval(
    () => (maxRssMb = Math.max(maxRssMb, ...serverPids.map((pid) => rssMb(pid)))),
    1000,
  );
  // The fleet's thread: its stalls delay frames, not the stamping of latencies (the watcher's
  // thread, whose own stalls would count, reports them).
  const fleetLoopDelay = monitorEventLoopDelay({ resolution: 10 });
  fleetLoopDelay.enable();
  measuring = true;
  for (const { watcher } of watchers) watcher.postMessage('start');
  await new Promise((resolve) => setTimeout(resolve, MEASURE_S * 1000));
  for (const { watcher } of watchers) watcher.postMessage('stop');
  measuring = false;
  fleetLoopDelay.disable();
  const wallS = (performance.now() - wallStart) / 1000;
  const serverCpuPct = (100 * (serversCpuSeconds() - cpuStart)) / wallS;
  const dbCpuPct = dbPid ? (100 * (cpuSeconds(dbPid) - dbCpuStart)) / wallS : null;
  // Counted while the fleet still sends, as at the start, so the compactor's lag cancels out.
  const storedWindowS = (performance.now() - storedAtStartMs) / 1000;
  const storedInWindow = (await storedFrames()) - storedAtStart;
  clearInterval(sendTimer);
  const reports = await Promise.all(watchers.map(({ report }) => report));
  const latenciesMs = reports.flatMap((report) => report.latenciesMs);
  const statesReceived = reports.reduce((sum, report) => sum + report.statesReceived, 0);
  const alertsReceived = reports.reduce((sum, report) => sum + report.alertsReceived, 0);
  const watcherLoop = {
    loopDelayP99Ms: Math.max(...reports.map((report) => report.loopDelayP99Ms)),
    loopDelayMaxMs: Math.max(...reports.map((report) => report.loopDelayMaxMs)),
  };
  clearInterval(rssTimer);

  // Everything sent must end up stored: wait for the links' spools to drain.
  const drainStart = performance.now();
  let stored = await storedFrames();
  for (let stableFor = 0; stableFor < 3 && performance.now() - drainStart < 120_000;) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const now = await storedFrames();
    stableFor = now === stored ? stableFor + 1 : 0;
    stored = now;
  }
  const drainS = (performance.now() - drainStart) / 1000 - 3;

  latenciesMs.sort((a, b) => a - b);
  const offeredMsgPerS = framesSentMeasured / wallS;
  const row = {
    instances: INSTANCES,
    vehicles: VEHICLES,
    groundLinks: linkCount,
    offeredMsgPerS: Math.round(offeredMsgPerS),
    framesSent,
    framesStored: stored,
    drainAfterStopS: +Math.max(0, drainS).toFixed(1),
    statesReceived,
    alertsReceived,
    p50Ms: +percentile(latenciesMs, 0.5).toFixed(1),
    p99Ms: +percentile(latenciesMs, 0.99).toFixed(1),
    maxMs: +(latenciesMs.at(-1) ?? NaN).toFixed(1),
    serverCpuPct: +serverCpuPct.toFixed(0),
    serverMaxRssMb: +maxRssMb.toFixed(0),
    watcherLoopDelayP99Ms: +watcherLoop.loopDelayP99Ms.toFixed(0),
    watcherLoopDelayMaxMs: +watcherLoop.loopDelayMaxMs.toFixed(0),
    fleetLoopDelayP99Ms: +(fleetLoopDelay.percentile(99) / 1e6).toFixed(0),
    databaseCpuPct: dbCpuPct === null ? null : +dbCpuPct.toFixed(0),
  };
  console.table([row]);
  // Frames folded into flights between two counts, one before and one after the measured
  // window, per second: a compactor falling behind shows here, while the constant lag of its
  // paced passes does not. A link's pass folds a second of frames at once, so it is ±1 %.
  const sustainedMsgPerS = Math.round(storedInWindow / storedWindowS);
  const result = {
    bench: INSTANCES > 1 ? 'ingest-multi' : 'ingest',
    instances: INSTANCES,
    vehicles: VEHICLES,
    msgPerS: Math.round(offeredMsgPerS),
    sustainedMsgPerS,
    allStored: stored >= framesSent,
    p50Ms: row.p50Ms,
    p99Ms: row.p99Ms,
    serverCpuPct: row.serverCpuPct,
    serverRssMb: row.serverMaxRssMb,
    databaseCpuPct: row.databaseCpuPct,
    goal: GOAL,
    meetsGoal:
      VEHICLES >= GOAL.vehicles &&
      offeredMsgPerS >= GOAL.vehicles * GOAL.msgPerVehicle &&
      row.p99Ms <= GOAL.p99Ms &&
      stored >= framesSent,
    measuredS: +wallS.toFixed(1),
    seed: SEED,
    row,
    machine: {
      cores: cpus().length,
      cpu: cpus()[0]?.model ?? 'unknown',
      node: process.version,
      loadAverage: loadavg().map((l) => +l.toFixed(1)),
      database: `${database.engine} ${database.engineVersion}`,
      ferretdbSynchronous: database.engine === 'ferretdb' ? FERRETDB_SYNCHRONOUS : null,
    },
  };
  for (const { watcher } of watchers) await watcher.terminate();
  udp.close();
  for (const child of children) child.kill('SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, 1500));
  await connection.dropDatabase().catch(() => {});
  await batchLogDb(connection.db!)
    .dropDatabase()
    .catch(() => {});
  await database.close();
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(`bench/results/${result.bench}.json`, `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result));
}

main().catch((error: unknown) => {
  console.error('bench:ingest failed:', error);
  for (const child of children) child.kill('SIGTERM');
  process.exit(1);
});
