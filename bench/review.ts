import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../server/config.js';
import { connectDatabase } from '../server/db/connectDatabase.js';
import { ensureFlightDataIndexes } from '../server/store/flights/ensureFlightDataIndexes.js';
import { readSeries } from '../server/store/flights/readSeries.js';
import { loadStoredFlightData } from '../server/store/certification/loadStoredFlightData.js';
import { DEFAULT_INGEST_SETTINGS } from '../server/ingest/ingestSettings.js';
import { LinkCompactor, type BatchData } from '../server/ingest/linkCompactor.js';
import { createLogger } from '../server/logger.js';
import { getModels, syncModelIndexes } from '../server/store/models/models.js';
import type { AnySample } from '../telemetry/model/sample.js';

/**
 * bench:review — one channel (and four) of a stored 1-hour flight sampled at 10 Hz, downsampled
 * to 2 000 points with LTTB, through readSeries: the call behind GET /api/flights/:id/series.
 * The flight is stored through the real ingest compactor (buckets, storage index) first.
 */
const SEED = 7;
const FLIGHT_S = Number(process.env.BENCH_FLIGHT_S ?? 3600);
const RATE_HZ = 10;
const MAX_POINTS = 2000;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const GOAL_MS = 150;
const T0_US = 1_780_000_000_000_000;

function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function heartbeat(tUs: number, armed: boolean): AnySample {
  return {
    kind: 'heartbeat',
    tUs,
    bootMs: null,
    sysId: 1,
    compId: 1,
    values: {
      armed: armed ? 1 : 0,
      baseMode: armed ? 129 : 1,
      customMode: 3 << 16,
      systemStatus: 4,
      mavType: 2,
      autopilot: 12,
    },
  };
}

const random = seededRandom(SEED);
const logger = createLogger('warn', 'bench-review');
const dataDir = mkdtempSync(join(tmpdir(), 'sortie-bench-review-'));
const database = await connectDatabase(
  {
    mongodbUri: process.env.MONGODB_URI,
    dataDir,
    dbName: `bench_review_${Date.now()}`,
    projectRoot: PROJECT_ROOT,
  },
  logger,
);
const { connection } = database;
await syncModelIndexes(connection);
await ensureFlightDataIndexes(connection.db!);
console.log(`database: ${database.engine} ${database.engineVersion}; seed ${SEED}`);

// Store the flight: 10-second batches of position and attitude at 10 Hz, heartbeats at 1 Hz.
const storeStart = performance.now();
const compactor = new LinkCompactor({
  connection,
  linkId: 'bench-review',
  apiKeyId: 'bench',
  rangeId: null,
  settings: { ...DEFAULT_INGEST_SETTINGS, summaryIntervalS: 60 },
  logger,
  instanceId: 'bench',
});
await compactor.start();
let altRelM = 0;
let latDeg = 36.37;
for (let batchS = 0; batchS <= FLIGHT_S + 20; batchS += 10) {
  const samples: AnySample[] = [];
  for (let i = 0; i < 10 * RATE_HZ; i++) {
    const tUs = T0_US + batchS * 1e6 + i * (1e6 / RATE_HZ);
    const s = batchS + i / RATE_HZ;
    const armed = s >= 5 && s < FLIGHT_S;
    if (i % RATE_HZ === 0) samples.push(heartbeat(tUs, armed));
    if (s > FLIGHT_S) continue;
    altRelM = armed ? Math.max(0, altRelM + (random() - 0.48) * 0.8) : 0;
    latDeg += (random() - 0.5) * 2e-6;
    samples.push({
      kind: 'position',
      tUs: tUs + 1,
      bootMs: null,
      sysId: 1,
      compId: 1,
      values: {
        latDeg,
        lonDeg: 127.36,
        altMslM: 60 + altRelM,
        altRelM,
        vnMps: random(),
        veMps: random(),
        vdMps: 0,
        headingDeg: 90,
      },
    });
    samples.push({
      kind: 'attitude',
      tUs: tUs + 2,
      bootMs: null,
      sysId: 1,
      compId: 1,
      values: {
        rollDeg: random() * 10,
        pitchDeg: random() * 10,
        yawDeg: 90,
        rollRateDps: 0,
        pitchRateDps: 0,
        yawRateDps: 0,
      },
    });
  }
  const batch: BatchData = {
    seq: batchS / 10,
    samples,
    events: [],
    linkStats: [],
    rawTlog: new Uint8Array(0),
  };
  compactor.enqueue(batch, []);
}
await compactor.idle();
await compactor.stop();
const storeMs = performance.now() - storeStart;
const flight = await getModels(connection)
  .Flight.findOne({ linkId: 'bench-review' })
  .sort({ startedAt: 1 })
  .lean();
if (!flight) throw new Error('the flight was not stored');
const flightId = flight._id.toHexString();

async function timeRead(channels: string[]) {
  const times: number[] = [];
  let points = 0;
  let total = 0;
  for (let round = 0; round <= ROUNDS; round++) {
    const start = performance.now();
    const series = await readSeries(connection, flightId, { channels, maxPoints: MAX_POINTS });
    const ms = performance.now() - start;
    if (round > 0) times.push(ms); // round 0 warms caches up
    points = series?.series[0]?.tUs.length ?? 0;
    total = series?.series[0]?.totalPoints ?? 0;
  }
  times.sort((a, b) => a - b);
  const at = (q: number) =>
    +(times[Math.min(times.length - 1, Math.floor(q * times.length))] as number).toFixed(1);
  return {
    channels: channels.join(','),
    samples: total,
    points,
    medianMs: at(0.5),
    p90Ms: at(0.9),
    bestMs: at(0),
  };
}

const rows = [
  await timeRead(['altRelM']),
  await timeRead(['altRelM', 'latDeg', 'lonDeg', 'vnMps']),
];
const fullStart = performance.now();
const full = await readSeries(connection, flightId, { channels: ['altRelM'] });
const fullMs = +(performance.now() - fullStart).toFixed(1);
// What evaluating the flight or rendering its first report reads first: every sample of it.
const loadStart = performance.now();
const loaded = await loadStoredFlightData(connection.db!, {
  flightId,
  linkId: flight.linkId,
  sysId: flight.sysId,
  compId: flight.compId,
});
const loadMs = +(performance.now() - loadStart).toFixed(1);
console.table(rows);
console.log(`full resolution, altRelM: ${full?.series[0]?.tUs.length} samples in ${fullMs} ms`);
console.log(
  `loaded for evaluation (loadStoredFlightData): ${loaded.series.position?.tUs.length} positions in ${loadMs} ms`,
);
console.log(`stored the flight through the compactor in ${(storeMs / 1000).toFixed(1)} s`);
const machine = {
  cores: cpus().length,
  cpu: cpus()[0]?.model ?? 'unknown',
  node: process.version,
  loadAverage: loadavg().map((l) => +l.toFixed(1)),
  database: `${database.engine} ${database.engineVersion}`,
};
const headline = rows[0]!;
const result = {
  bench: 'review',
  flightS: FLIGHT_S,
  rateHz: RATE_HZ,
  maxPoints: MAX_POINTS,
  medianMs: headline.medianMs,
  p90Ms: headline.p90Ms,
  fourChannelsMedianMs: rows[1]!.medianMs,
  fullResolutionMs: fullMs,
  loadForEvaluationMs: loadMs,
  goalMs: GOAL_MS,
  meetsGoal: headline.medianMs <= GOAL_MS,
  seed: SEED,
  rows,
  machine,
};
await database.connection.dropDatabase();
await database.close();
rmSync(dataDir, { recursive: true, force: true });
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/review.json', `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result));
