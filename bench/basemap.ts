import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../server/config.js';
import { connectDatabase } from '../server/db/connectDatabase.js';
import { createLogger } from '../server/logger.js';
import {
  readBasemapTile,
  storeRangeBasemap,
  type TiledBasemap,
} from '../server/basemap/rangeBasemaps.js';
import {
  tileAt,
  tileBounds,
  writePmtiles,
  type PmtilesTile,
} from '../test/support/pmtilesWriter.js';

/**
 * bench:basemap — a range basemap on the embedded database (or MONGODB_URI): storing an ~11 MB
 * raster PMTiles archive (341 tiles of 32 KB, zooms 12–16 round one point, as an aerial
 * JPEG set would be), then reading tiles through the pmtiles reader over GridFS, one at a time
 * and 16 at once (a browser asks for a screenful together). Service level, without HTTP.
 */
const TILE_BYTES = 32 * 1024;
const MIN_ZOOM = 12;
const MAX_ZOOM = 16;
const READS = 200;
const CONCURRENCY = 16;
const ORIGIN = { latDeg: 36.3725, lonDeg: 127.3628 };

const logger = createLogger('warn', 'bench-basemap');
const workDir = mkdtempSync(join(tmpdir(), 'sortie-bench-basemap-'));

function archiveTiles(): PmtilesTile[] {
  const tiles: PmtilesTile[] = [];
  const base = tileAt(ORIGIN.latDeg, ORIGIN.lonDeg, MIN_ZOOM);
  for (let z = MIN_ZOOM; z <= MAX_ZOOM; z++) {
    const scale = 2 ** (z - MIN_ZOOM);
    for (let y = base.y * scale; y < (base.y + 1) * scale; y++) {
      for (let x = base.x * scale; x < (base.x + 1) * scale; x++) {
        // Random bytes: the reader serves tiles as stored, it never decodes them.
        tiles.push({ z, x, y, data: randomBytes(TILE_BYTES) });
      }
    }
  }
  return tiles;
}

function percentile(sorted: number[], share: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))] ?? 0;
}

async function main() {
  const database = await connectDatabase(
    {
      mongodbUri: process.env.MONGODB_URI,
      dataDir: join(workDir, 'db'),
      dbName: 'bench_basemap',
      projectRoot: PROJECT_ROOT,
    },
    logger,
  );
  const db = database.connection.db!;
  await database.connection.dropDatabase();
  try {
    const tiles = archiveTiles();
    const base = tileAt(ORIGIN.latDeg, ORIGIN.lonDeg, MIN_ZOOM);
    const [west, south, east, north] = tileBounds(MIN_ZOOM, base.x, base.y);
    const archive = writePmtiles({ tiles, bounds: [west, south, east, north] });

    async function* pieces() {
      for (let at = 0; at < archive.length; at += 64 * 1024) {
        yield archive.subarray(at, at + 64 * 1024);
      }
    }
    const storeStart = performance.now();
    const basemap = (await storeRangeBasemap(
      db,
      'bench-range',
      { format: 'pmtiles' },
      pieces(),
      'bench',
    )) as TiledBasemap;
    const storeMs = performance.now() - storeStart;

    // Fixed order, every tile equally likely: a different tile each read, as panning asks.
    const order = Array.from({ length: READS }, (_, i) => tiles[(i * 7919) % tiles.length]!);
    const latencies: number[] = [];
    const sequentialStart = performance.now();
    for (const tile of order) {
      const start = performance.now();
      const bytes = await readBasemapTile(db, basemap, tile.z, tile.x, tile.y);
      if (!bytes || bytes.length !== TILE_BYTES) throw new Error('a tile came back wrong');
      latencies.push(performance.now() - start);
    }
    const sequentialS = (performance.now() - sequentialStart) / 1000;
    latencies.sort((a, b) => a - b);

    const concurrentStart = performance.now();
    for (let at = 0; at < order.length; at += CONCURRENCY) {
      await Promise.all(
        order.slice(at, at + CONCURRENCY).map((t) => readBasemapTile(db, basemap, t.z, t.x, t.y)),
      );
    }
    const concurrentS = (performance.now() - concurrentStart) / 1000;

    const result = {
      bench: 'basemap',
      engine: process.env.MONGODB_URI ? 'MONGODB_URI' : 'embedded',
      archiveMB: +(archive.length / 1e6).toFixed(1),
      tiles: tiles.length,
      tileKB: TILE_BYTES / 1024,
      storeS: +(storeMs / 1000).toFixed(2),
      storeMBps: +(archive.length / 1e6 / (storeMs / 1000)).toFixed(1),
      readsSequentialPerS: Math.round(READS / sequentialS),
      readP50Ms: +percentile(latencies, 0.5).toFixed(1),
      readP95Ms: +percentile(latencies, 0.95).toFixed(1),
      readsConcurrentPerS: Math.round(READS / concurrentS),
      concurrency: CONCURRENCY,
      cpus: cpus().length,
      loadAverage1m: +(loadavg()[0] ?? 0).toFixed(1),
    };
    console.table([result]);
    mkdirSync('bench/results', { recursive: true });
    writeFileSync('bench/results/basemap.json', `${JSON.stringify(result, null, 2)}\n`);
    console.log(JSON.stringify(result));
  } finally {
    await database.connection.dropDatabase().catch(() => undefined);
    await database.close();
    rmSync(workDir, { recursive: true, force: true });
  }
}

await main();
