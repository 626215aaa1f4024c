import { spawn, type ChildProcess } from 'node:child_process';
import {
  createReadStream,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { request } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSession } from '../server/auth/sessions.js';
import { PROJECT_ROOT } from '../server/config.js';
import { connectDatabase } from '../server/db/connectDatabase.js';
import { createLogger } from '../server/logger.js';
import { getModels, syncModelIndexes } from '../server/store/models/models.js';
import { benchUlogPath } from './onboardUlogInput.js';

/**
 * bench:onboard-import — the ~100 MB generated .ulg of bench:onboard-ulog (a real PX4's topic
 * mix with a flight woven in) uploaded through POST /api/flights/import to a fresh server
 * process (`server/main.ts`, as `npm start` runs it) on an empty database. Measures the time
 * from the first byte sent until the flight is listed (GET /api/flights) and reviewable (its
 * altitude series and events answer), and the server's RSS read from /proc every 100 ms.
 */
const GOAL = { seconds: 10, rssMb: 300 };
const FERRETDB_SYNCHRONOUS =
  process.env.SORTIE_FERRETDB_SYNCHRONOUS === 'normal' ? 'normal' : 'full';

const logger = createLogger('warn', 'bench-onboard-import');
const workDir = mkdtempSync(join(tmpdir(), 'sortie-bench-import-'));
const children: ChildProcess[] = [];

function rssMb(pid: number, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(
    new RegExp(`${field}:\\s+(\\d+) kB`),
  );
  return line ? Number(line[1]) / 1024 : 0;
}

function get(url: string, cookie: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, { headers: { cookie, accept: 'application/json' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    })
      .on('error', reject)
      .end();
  });
}

/** Streams the file as the body, as the browser's upload does. */
function upload(
  url: string,
  cookie: string,
  path: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: {
          cookie,
          'content-type': 'application/octet-stream',
          'content-length': String(statSync(path).size),
        },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    createReadStream(path).pipe(req);
  });
}

async function main() {
  const path = benchUlogPath();
  const bytes = statSync(path).size;
  const database = await connectDatabase(
    {
      mongodbUri: process.env.MONGODB_URI,
      dataDir: join(workDir, 'db'),
      dbName: 'bench_import',
      projectRoot: PROJECT_ROOT,
      ferretdbSynchronous: FERRETDB_SYNCHRONOUS,
    },
    logger,
  );
  const { connection } = database;
  await connection.dropDatabase();
  await syncModelIndexes(connection);
  const { Range, User, Vehicle } = getModels(connection);
  const range = await Range.create({ name: 'Bench range', origin: { latDeg: 47.4, lonDeg: 8.5 } });
  const vehicle = await Vehicle.create({
    name: 'Bench PX4',
    serial: 'bench-px4',
    rangeId: range._id,
    sysId: 1,
  });
  const admin = await User.create({
    email: 'bench@sortie.test',
    name: 'Bench',
    role: 'admin',
    passwordHash: 'unused',
  });
  const { token } = await createSession(connection, admin._id.toHexString(), 3_600_000);
  const cookie = `sortie_session=${token}`;

  const server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      MONGODB_URI: database.serverUri,
      SORTIE_DB_NAME: 'bench_import',
      SORTIE_DATA_DIR: join(workDir, 'data'),
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(server);
  server.stderr?.on('data', (data: Buffer) => process.stderr.write(`[server] ${data.toString()}`));
  const serverUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    server.stdout?.on('data', (data: Buffer) => {
      out += data.toString();
      const match = /Sortie is running at (http:\/\/\S+?)\/? /.exec(out);
      if (match) resolve(match[1]!);
    });
    server.once('exit', (code) => reject(new Error(`server exited (${code}): ${out}`)));
  });
  const pid = server.pid!;
  const idleRssMb = rssMb(pid);
  let maxRssMb = idleRssMb;
  const rssTimer = setInterval(() => (maxRssMb = Math.max(maxRssMb, rssMb(pid))), 100);

  const start = performance.now();
  const answer = await upload(
    `${serverUrl}/api/flights/import?vehicleId=${vehicle._id.toHexString()}`,
    cookie,
    path,
  );
  const answeredS = (performance.now() - start) / 1000;
  if (answer.status !== 201) throw new Error(`import answered ${answer.status}: ${answer.body}`);
  const imported = JSON.parse(answer.body) as {
    flights: { flightId: string; sampleCount: number; durationS: number }[];
    skippedBytes: number;
  };
  const flightId = imported.flights[0]!.flightId;
  // Listed and reviewable: what the flights page and the review page ask for first.
  for (;;) {
    const list = await get(`${serverUrl}/api/flights`, cookie);
    if (list.status === 200 && list.body.includes(flightId)) break;
  }
  const listedS = (performance.now() - start) / 1000;
  const seriesStart = performance.now();
  const series = await get(
    `${serverUrl}/api/flights/${flightId}/series?channels=latDeg,lonDeg,altRelM&maxPoints=4000`,
    cookie,
  );
  const seriesS = (performance.now() - seriesStart) / 1000;
  const eventsStart = performance.now();
  const events = await get(`${serverUrl}/api/flights/${flightId}/events`, cookie);
  const eventsS = (performance.now() - eventsStart) / 1000;
  const eventCount = (JSON.parse(events.body) as { events?: unknown[] }).events?.length ?? 0;
  if (series.status !== 200 || events.status !== 200) {
    throw new Error(`review answered ${series.status} / ${events.status}`);
  }
  const reviewableS = (performance.now() - start) / 1000;
  clearInterval(rssTimer);
  maxRssMb = Math.max(maxRssMb, rssMb(pid, 'VmHWM'));

  const summary = {
    bench: 'onboard-import',
    bytes,
    flights: imported.flights.length,
    samples: imported.flights.reduce((n, f) => n + f.sampleCount, 0),
    flightDurationS: Math.round(imported.flights[0]!.durationS),
    answeredS: +answeredS.toFixed(2),
    listedS: +listedS.toFixed(2),
    reviewableS: +reviewableS.toFixed(2),
    seriesS: +seriesS.toFixed(2),
    eventsS: +eventsS.toFixed(2),
    events: eventCount,
    goalS: GOAL.seconds,
    serverIdleRssMb: Math.round(idleRssMb),
    serverPeakRssMb: Math.round(maxRssMb),
    goalRssMb: GOAL.rssMb,
    uploadMBps: +(bytes / 1e6 / answeredS).toFixed(1),
  };
  console.table([summary]);
  const report = {
    ...summary,
    ferretdbSynchronous: process.env.MONGODB_URI ? null : FERRETDB_SYNCHRONOUS,
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      loadAverage1m: +loadavg()[0]!.toFixed(1),
      node: process.version,
    },
    at: new Date().toISOString(),
  };
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(
    new URL('./results/onboard-import.json', import.meta.url),
    JSON.stringify(report, null, 2) + '\n',
  );
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
  await database.close();
  rmSync(workDir, { recursive: true, force: true });
  console.log(JSON.stringify(summary));
}

try {
  await main();
} catch (error) {
  for (const child of children) child.kill('SIGKILL');
  console.error(error);
  process.exitCode = 1;
}
