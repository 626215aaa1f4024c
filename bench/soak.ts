import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createApiKey } from '../server/auth/apiKeys.js';
import { PROJECT_ROOT } from '../server/config.js';
import { connectDatabase } from '../server/db/connectDatabase.js';
import { freePort } from '../server/db/freePort.js';
import { createLogger } from '../server/logger.js';
import { getModels, syncModelIndexes } from '../server/store/models/models.js';
import type { EventLoopDelayReport } from '../server/util/eventLoopDelay.js';

/**
 * bench:soak (R6) — a fleet flying for a long time against one server: `--vehicles` (50)
 * simulated PX4 vehicles through one `sortie-link simulate` process in real time, flight after
 * flight (a flight is about 4 ½ minutes; the next fleet takes off when it has landed), for
 * `--minutes` (60). Every 10 s it reads the server's RSS from /proc and the event-loop delay
 * the server measures itself (/healthz `eventLoop`, perf_hooks.monitorEventLoopDelay over
 * 10-s windows). Goals: RSS growth after the warm-up < 5 %, event-loop delay p99 < 50 ms.
 */
const { values: args } = parseArgs({
  options: {
    minutes: { type: 'string', default: '60' },
    vehicles: { type: 'string', default: '50' },
    'warmup-minutes': { type: 'string', default: '2' },
  },
});
const MINUTES = Number(args.minutes);
const VEHICLES = Number(args.vehicles);
const WARMUP_MIN = Math.min(Number(args['warmup-minutes']), MINUTES / 4);
const SAMPLE_EVERY_MS = 10_000;
const GOAL = { rssGrowthPct: 5, eventLoopP99Ms: 50 };
const FERRETDB_SYNCHRONOUS =
  process.env.SORTIE_FERRETDB_SYNCHRONOUS === 'normal' ? 'normal' : 'full';

const logger = createLogger('warn', 'bench-soak');
const workDir = mkdtempSync(join(tmpdir(), 'sortie-bench-soak-'));
const children: ChildProcess[] = [];

function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
  return line ? Number(line[1]) / 1024 : 0;
}

const CLOCK_TICKS_PER_S = 100;

function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_S;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : (sorted[Math.floor(sorted.length / 2)] as number);
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

interface Sample {
  atS: number;
  rssMb: number;
  eventLoop: EventLoopDelayReport;
  healthStatus: number;
}

async function main() {
  const database = await connectDatabase(
    {
      mongodbUri: process.env.MONGODB_URI,
      dataDir: join(workDir, 'db'),
      dbName: 'bench_soak',
      projectRoot: PROJECT_ROOT,
      ferretdbSynchronous: FERRETDB_SYNCHRONOUS,
    },
    logger,
  );
  const { connection } = database;
  await connection.dropDatabase();
  await syncModelIndexes(connection);
  const { key } = await createApiKey(connection, { name: 'soak link', rangeId: null });

  const port = await freePort();
  const server = startNode(
    ['server/main.ts'],
    {
      MONGODB_URI: database.serverUri,
      SORTIE_DB_NAME: 'bench_soak',
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    },
    'server',
  );
  const serverUrl = `http://127.0.0.1:${port}`;
  await new Promise<void>((resolve, reject) => {
    let out = '';
    server.stdout?.on('data', (data: Buffer) => {
      out += data.toString();
      if (out.includes('Sortie is running at')) resolve();
    });
    server.once('exit', (code) => reject(new Error(`server exited (${code}): ${out}`)));
  });

  // Flight after flight: a fleet lands after about 4 ½ minutes and its process ends; the next
  // takes off. One link id and spool, as a ground-link restarted by its operator keeps them.
  const endAtMs = Date.now() + MINUTES * 60_000;
  let fleets = 0;
  let link: ChildProcess | null = null;
  const flyFleets = (async () => {
    while (Date.now() < endAtMs) {
      fleets++;
      link = startNode(
        [
          'ground-link/cli.ts',
          'simulate',
          '--vehicles',
          String(VEHICLES),
          '--seed',
          String(fleets),
          '--server',
          serverUrl,
          '--key',
          key,
          '--link-id',
          'soak',
          '--spool',
          join(workDir, 'spool'),
          '--status',
          'off',
          '--log-level',
          'warn',
        ],
        {},
        `link-${fleets}`,
      );
      const current = link;
      await new Promise<void>((resolve) => current.once('exit', () => resolve()));
    }
  })();

  const startedMs = Date.now();
  const samples: Sample[] = [];
  const serverPid = server.pid!;
  let warmCpuS: number | null = null;
  let warmAtMs = 0;
  while (Date.now() < endAtMs) {
    await new Promise((resolve) => setTimeout(resolve, SAMPLE_EVERY_MS));
    const answer = await fetch(new URL('/healthz', serverUrl));
    const health = (await answer.json()) as { eventLoop: EventLoopDelayReport };
    const sample = {
      atS: Math.round((Date.now() - startedMs) / 1000),
      rssMb: Math.round(rssMb(serverPid) * 10) / 10,
      eventLoop: health.eventLoop,
      healthStatus: answer.status,
    };
    samples.push(sample);
    if (warmCpuS === null && sample.atS >= WARMUP_MIN * 60) {
      warmCpuS = cpuSeconds(serverPid);
      warmAtMs = Date.now();
    }
    console.log(
      `${String(sample.atS).padStart(5)} s  server RSS ${sample.rssMb.toFixed(1)} MB  ` +
        `event-loop p99 ${sample.eventLoop.lastWindow?.p99Ms ?? '-'} ms (10 s)  ` +
        `healthz ${answer.status}  fleet ${fleets}  load ${loadavg()[0]!.toFixed(2)}`,
    );
  }
  const serverCpuPct =
    Math.round(
      ((cpuSeconds(serverPid) - (warmCpuS ?? 0)) / ((Date.now() - warmAtMs) / 1000)) * 1000,
    ) / 10;
  const finalHealth = (await (await fetch(new URL('/healthz', serverUrl))).json()) as {
    eventLoop: EventLoopDelayReport;
  };
  (link as ChildProcess | null)?.kill('SIGTERM');
  await flyFleets;

  const { Flight } = getModels(connection);
  const flights = await Flight.countDocuments({ linkId: 'soak' });
  const warm = samples.filter((s) => s.atS >= WARMUP_MIN * 60);
  const firstMinute = warm.filter((s) => s.atS < WARMUP_MIN * 60 + 60).map((s) => s.rssMb);
  const lastMinute = warm.filter((s) => s.atS >= MINUTES * 60 - 60).map((s) => s.rssMb);
  const rssStartMb = median(firstMinute);
  const rssEndMb = median(lastMinute);
  const rssGrowthPct = Math.round(((rssEndMb - rssStartMb) / rssStartMb) * 1000) / 10;
  const windowP99s = warm.map((s) => s.eventLoop.lastWindow?.p99Ms ?? 0);
  // No window has more than 1 % of its delays above its p99, so neither has the whole run
  // above the worst window's: that is an upper bound of the run's p99.
  const eventLoopP99UpperMs = Math.max(...windowP99s);
  const result = {
    bench: 'soak',
    vehicles: VEHICLES,
    minutes: MINUTES,
    warmupMinutes: WARMUP_MIN,
    fleetsFlown: fleets,
    flightsStored: flights,
    rssStartMb,
    rssEndMb,
    rssMaxMb: Math.max(...warm.map((s) => s.rssMb)),
    rssGrowthPct,
    eventLoopP99UpperMs,
    eventLoopWindowP99MedianMs: median(windowP99s),
    eventLoopMaxMs: Math.max(...warm.map((s) => s.eventLoop.lastWindow?.maxMs ?? 0)),
    eventLoopSinceStart: finalHealth.eventLoop.sinceStart,
    serverCpuPctOfOneCore: serverCpuPct,
    healthzNot200: samples.filter((s) => s.healthStatus !== 200).length,
    goal: GOAL,
    pass: rssGrowthPct < GOAL.rssGrowthPct && eventLoopP99UpperMs < GOAL.eventLoopP99Ms,
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      loadAvg1mAtEnd: Math.round(loadavg()[0]! * 100) / 100,
    },
    database: `${database.engine} ${database.engineVersion}`,
    samples: samples.map((s) => ({
      atS: s.atS,
      rssMb: s.rssMb,
      p99Ms: s.eventLoop.lastWindow?.p99Ms ?? null,
    })),
  };

  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
  await database.close();
  console.log(
    `\nR6 soak, ${VEHICLES} vehicles for ${MINUTES} min (${fleets} fleets, ${flights} flights)`,
  );
  console.log(
    `server RSS ${rssStartMb} MB after the ${WARMUP_MIN}-min warm-up → ${rssEndMb} MB in the last minute: ${rssGrowthPct} % (goal < ${GOAL.rssGrowthPct} %)`,
  );
  console.log(
    `event-loop delay p99 ≤ ${eventLoopP99UpperMs} ms (worst 10-s window; median window ${result.eventLoopWindowP99MedianMs} ms; goal < ${GOAL.eventLoopP99Ms} ms)`,
  );
  mkdirSync(join(PROJECT_ROOT, 'bench', 'results'), { recursive: true });
  writeFileSync(
    join(PROJECT_ROOT, 'bench', 'results', 'soak.json'),
    `${JSON.stringify(result, null, 2)}\n`,
  );
  const { samples: _omitted, ...line } = result;
  console.log(JSON.stringify(line));
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(workDir, { recursive: true, force: true });
  });
