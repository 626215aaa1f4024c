import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../server/config.js';
import { ensureClientBuilt } from '../test/e2e/support/buildClient.js';
import { launchChromium } from '../test/e2e/support/chromium.js';
import { seedSortie } from '../test/e2e/support/seedSortie.js';
import { signIn } from '../test/e2e/support/signIn.js';
import { startSimulator } from '../test/e2e/support/startSimulator.js';
import { startSortie } from '../test/e2e/support/startSortie.js';
import { waitFor } from '../test/e2e/support/waitFor.js';
import { writeLongFlightTlog } from './client/longFlightTlog.js';
import { measureFps } from './client/measureLiveFps.js';
import { startBenchDatabase } from './client/startBenchDatabase.js';

/**
 * bench:client — in headless Chromium against the real server:
 * 1. the live view's frame rate with 100 simulated vehicles (goal ≥ 30 fps);
 * 2. time to interactive of the review of a 1-hour flight (goal ≤ 1.5 s): from navigation start
 *    to the map, track and default plots drawn (the page's `sortie:review-interactive` mark).
 * Prints the figures, writes bench/results/client.json, and ends with one JSON line.
 * `BENCH_CLIENT_PARTS=review` runs the review alone (the live view's 100 vehicles load the
 * shared machine for minutes); the live figures of the last full run are then carried over
 * from the results file, with the date they were measured.
 */
const VEHICLES = 100;
const FPS_WINDOW_MS = 10_000;
const LONG_FLIGHT_S = 3600;
const REVIEW_ROUNDS = 5;
const REPLAY_SPEED = 20;
/** A review not interactive by then is reported as such (null), not waited for. */
const REVIEW_TIMEOUT_MS = 120_000;
const RESULTS_PATH = join(PROJECT_ROOT, 'bench', 'results', 'client.json');
const RUN_LIVE = (process.env.BENCH_CLIENT_PARTS ?? 'live,review').split(',').includes('live');

interface LiveFigures {
  liveFps: number;
  liveVehicles: number;
  liveMeasuredAt: string;
}

/** The live figures of the last run that measured them, when this run skips the live view. */
function previousLiveFigures(): LiveFigures | null {
  if (!existsSync(RESULTS_PATH)) return null;
  const last = JSON.parse(readFileSync(RESULTS_PATH, 'utf8')) as Partial<
    LiveFigures & { at: string }
  >;
  if (last.liveFps === undefined || last.liveVehicles === undefined) return null;
  return {
    liveFps: last.liveFps,
    liveVehicles: last.liveVehicles,
    liveMeasuredAt: last.liveMeasuredAt ?? last.at ?? 'unknown',
  };
}

interface FlightRow {
  id: string;
  status: string;
  summary: { durationS?: number };
}

/** Frame rate of the live view while 100 simulated vehicles fly. */
async function measureLiveView(
  serverUrl: string,
  seeded: Awaited<ReturnType<typeof seedSortie>>,
  browser: Awaited<ReturnType<typeof launchChromium>>,
): Promise<LiveFigures> {
  const simulator = startSimulator({
    serverUrl,
    key: seeded.linkKey,
    vehicles: VEHICLES,
    scenario: 'clean',
    speed: 1,
  });
  const live = await signIn(browser.context, serverUrl, seeded.operator, '/live');
  await live.waitForFunction(
    (count) => document.querySelectorAll('.vehicle-marker').length >= count,
    VEHICLES,
    { timeout: 180_000 },
  );
  // Measured while they fly (after take-off), not while they sit on their pads.
  await live.waitForTimeout(15_000);
  const liveFps = await measureFps(live, FPS_WINDOW_MS);
  const vehiclesShown = await live.$$eval('.vehicle-marker', (markers) => markers.length);
  console.log(`live view: ${liveFps.toFixed(1)} fps with ${vehiclesShown} vehicles (goal ≥ 30)`);
  await live.close();
  await simulator.stop();
  return {
    liveFps: Number(liveFps.toFixed(1)),
    liveVehicles: vehiclesShown,
    liveMeasuredAt: new Date().toISOString(),
  };
}

async function main(): Promise<void> {
  ensureClientBuilt();
  const database = await startBenchDatabase();
  const sortie = await startSortie(database.serverUri);
  const browser = await launchChromium({ locale: 'en-US', width: 1600, height: 1000 });
  const workDir = mkdtempSync(join(tmpdir(), 'sortie-bench-client-'));
  try {
    const seeded = await seedSortie(sortie.url, sortie.adminEmail, sortie.adminPassword);

    // 1. Live view, 100 vehicles.
    const live = RUN_LIVE
      ? await measureLiveView(sortie.url, seeded, browser)
      : previousLiveFigures();

    // 2. Review of a 1-hour flight, replayed into the server from a .tlog.
    const tlogPath = join(workDir, 'one-hour.tlog');
    await writeLongFlightTlog(tlogPath, LONG_FLIGHT_S);
    const replay = spawnSync(
      join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx'),
      [
        join(PROJECT_ROOT, 'ground-link', 'cli.ts'),
        'replay',
        tlogPath,
        // 20× real time: as fast as the server stores it here, so the uplink drains before exit.
        '--speed',
        String(REPLAY_SPEED),
        '--server',
        sortie.url,
        '--key',
        seeded.linkKey,
        '--spool',
        join(workDir, 'spool'),
        '--status',
        'off',
        '--log-level',
        'warn',
      ],
      { cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 600_000 },
    );
    if (replay.status !== 0) throw new Error(`Replay failed:\n${replay.stdout}\n${replay.stderr}`);
    const flight = await waitFor(
      'the 1-hour flight to be stored',
      async () => {
        const page = await seeded.admin.get<{ flights: FlightRow[] }>('/api/flights?limit=200');
        return page.flights.find(
          (f) => f.status !== 'live' && (f.summary.durationS ?? 0) >= LONG_FLIGHT_S - 60,
        );
      },
      300_000,
      1000,
    );
    // Where the time goes: the track request the review page makes first, alone.
    const apiStartMs = performance.now();
    await seeded.admin.get(
      `/api/flights/${flight.id}/series?channels=latDeg,lonDeg,headingDeg&maxPoints=4000`,
    );
    const trackRequestMs = performance.now() - apiStartMs;
    console.log(`track request of the 1-hour flight: ${trackRequestMs.toFixed(0)} ms`);

    const review = await signIn(browser.context, sortie.url, seeded.engineer, '/flights');
    const timesMs: number[] = [];
    for (let round = 0; round < REVIEW_ROUNDS; round++) {
      await review.goto(`${sortie.url}/flights/${flight.id}`);
      const ready = await review
        .waitForSelector('[data-testid=review-page][data-ready=true]', {
          timeout: REVIEW_TIMEOUT_MS,
        })
        .then(() => true)
        .catch(() => false);
      if (!ready) break;
      timesMs.push(
        await review.evaluate(
          () => performance.getEntriesByName('sortie:review-interactive')[0]?.startTime ?? NaN,
        ),
      );
    }
    timesMs.sort((a, b) => a - b);
    const medianMs = timesMs.length > 0 ? timesMs[Math.floor(timesMs.length / 2)]! : null;
    console.log(
      medianMs === null
        ? `review of a ${flight.summary.durationS ?? 0} s flight: not interactive within ${REVIEW_TIMEOUT_MS} ms (goal ≤ 1500)`
        : `review of a ${flight.summary.durationS ?? 0} s flight: time to interactive median ` +
            `${medianMs.toFixed(0)} ms of ${timesMs.length} (goal ≤ 1500), all ${timesMs.map((t) => t.toFixed(0)).join(', ')}`,
    );

    const result = {
      bench: 'client',
      liveFps: live?.liveFps ?? null,
      liveVehicles: live?.liveVehicles ?? null,
      liveMeasuredAt: live?.liveMeasuredAt ?? null,
      liveFpsGoal: 30,
      reviewFlightDurationS: Math.round(flight.summary.durationS ?? 0),
      reviewTimeToInteractiveMs: medianMs === null ? null : Math.round(medianMs),
      reviewTrackRequestMs: Math.round(trackRequestMs),
      reviewTimeToInteractiveGoalMs: 1500,
      cpus: cpus().length,
      at: new Date().toISOString(),
    };
    mkdirSync(join(PROJECT_ROOT, 'bench', 'results'), { recursive: true });
    writeFileSync(RESULTS_PATH, `${JSON.stringify(result, null, 2)}\n`);
    console.log(JSON.stringify(result));
  } finally {
    await browser.close();
    await sortie.stop();
    await database.close();
    rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error('bench:client failed:', error);
  process.exit(1);
});
