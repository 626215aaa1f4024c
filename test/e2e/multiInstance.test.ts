import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connectSocket, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { GroundTruth } from '../../ground-link/simulator/groundTruth.js';
import { PROJECT_ROOT } from '../../server/config.js';
import { connectDatabase, type Database } from '../../server/db/connectDatabase.js';
import { getModels } from '../../server/store/models/models.js';
import {
  LIVE_NAMESPACE,
  type LiveAlert,
  type LiveClientToServerEvents,
  type LiveServerToClientEvents,
} from '../../telemetry/contract/live.js';
import { storedPositionTimes } from '../ground-link/support/storedPositions.js';
import { silentLogger } from '../support/testDatabase.js';
import { startTestRedis, type TestRedis } from '../support/redisServer.js';
import { ApiSession } from './support/apiSession.js';
import { ensureClientBuilt } from './support/buildClient.js';
import { launchChromium, type BrowserSession } from './support/chromium.js';
import { startHaproxy, type RunningHaproxy } from './support/haproxy.js';
import { seedSortie, SIMULATED_VEHICLES, type SeededSortie } from './support/seedSortie.js';
import { startSortie, type RunningSortie } from './support/startSortie.js';
import { waitFor } from './support/waitFor.js';

type LiveClient = Socket<LiveServerToClientEvents, LiveClientToServerEvents>;

/** What one browser has on screen: the vehicles it was told of, and the alerts. */
interface BrowserView {
  socket: LiveClient;
  sysIdsSeen: Set<number>;
  /** Vehicles told of since the last `forget()`. */
  sysIdsSinceForget: Set<number>;
  alerts: LiveAlert[];
  reconnects: number;
  forget(): void;
}

/** A browser's /live connection with an operator's session cookie, joined to the range. */
function openBrowser(url: string, cookie: string, rangeId: string): BrowserView {
  const socket: LiveClient = connectSocket(`${url}${LIVE_NAMESPACE}`, {
    transports: ['websocket'],
    extraHeaders: { cookie },
    reconnectionDelay: 200,
    reconnectionDelayMax: 1_000,
  });
  const view: BrowserView = {
    socket,
    sysIdsSeen: new Set(),
    sysIdsSinceForget: new Set(),
    alerts: [],
    reconnects: -1,
    forget() {
      view.sysIdsSinceForget.clear();
    },
  };
  const see = (sysId: number) => {
    view.sysIdsSeen.add(sysId);
    view.sysIdsSinceForget.add(sysId);
  };
  // As the client does: (re)join on every connection, and take the snapshot as the view.
  socket.on('connect', () => {
    view.reconnects++;
    socket.emit('join', { rangeId }, () => {});
  });
  socket.on('snapshot', (snapshot) => {
    for (const vehicle of snapshot.vehicles) see(vehicle.sysId);
    view.alerts.push(...snapshot.alerts);
  });
  socket.on('vehicle-state', (state) => see(state.sysId));
  socket.on('alert', (alert) => view.alerts.push(alert));
  return view;
}

const SIMULATOR_SPEED = 4;
/** Simulated seconds: long enough for the fence breach (about 68 s in) after the failover. */
const SIMULATED_S = 100;

describe('Sortie on two server instances behind HAProxy, with Redis and one database', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sortie-multi-'));
  const dbName = `e2e_multi_${randomBytes(4).toString('hex')}`;
  let redis: TestRedis;
  let a: RunningSortie;
  let b: RunningSortie;
  let proxy: RunningHaproxy;
  let seeded: SeededSortie;
  let database: Database;
  let chromium: BrowserSession;
  const browsers: BrowserView[] = [];

  beforeAll(async () => {
    ensureClientBuilt();
    redis = await startTestRedis();
    // Both instances share the database and the range's signing key file (docs/DEPLOYMENT.md).
    const env = {
      SORTIE_DB_NAME: dbName,
      SORTIE_DATA_DIR: dataDir,
      SORTIE_REDIS_URL: redis.url,
      SORTIE_SIGNING_KEY_FILE: join(dataDir, 'range-ed25519.pem'),
    };
    const uri = inject('databaseServerUri');
    a = await startSortie(uri, env);
    b = await startSortie(uri, env);
    seeded = await seedSortie(a.url, a.adminEmail, a.adminPassword);
    proxy = await startHaproxy([a.url, b.url]);
    chromium = await launchChromium();
    database = await connectDatabase(
      { mongodbUri: uri, dataDir: '', dbName, projectRoot: PROJECT_ROOT },
      silentLogger,
    );
  }, 240_000);

  afterAll(async () => {
    for (const browser of browsers) browser.socket.disconnect();
    await chromium?.close();
    await proxy?.stop();
    await a?.stop();
    await b?.stop();
    await redis?.kill();
    if (database) {
      await database.connection.dropDatabase();
      await database.close();
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps one flight per vehicle, every sample stored once, and the browsers live, when the instance serving the link is killed', async () => {
    // Signed in on A; the session is the database's, so B and the proxy take the cookie.
    const operator = await ApiSession.login(a.url, seeded.operator.email, seeded.operator.password);
    const cookie = operator.cookieHeader;
    const onBMe = await operator.on(b.url).get<{ user: { email: string } }>('/api/me');
    expect(onBMe.user.email).toBe(seeded.operator.email);
    const onB = openBrowser(b.url, cookie, seeded.rangeId);
    const viaProxy = openBrowser(proxy.url, cookie, seeded.rangeId);
    browsers.push(onB, viaProxy);
    // And the real client in Chromium on B, with the cookie of the login on A.
    const [cookieName = '', cookieValue = ''] = cookie.split('; ')[0]!.split('=');
    await chromium.context.addCookies([{ name: cookieName, value: cookieValue, url: b.url }]);
    const page = await chromium.context.newPage();
    await page.goto(`${b.url}/live`);
    const vehicleCards = page.locator('[data-testid=vehicle-card]');

    const truthFile = join(dataDir, 'truth.json');
    const spoolDir = join(dataDir, 'link-spool-e2e');
    const linkId = 'multi-instance-e2e';
    // A first: the ground-link is served by A until A dies, then by B.
    const link = spawn(
      join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx'),
      [
        join(PROJECT_ROOT, 'ground-link', 'cli.ts'),
        'simulate',
        ...['--vehicles', '3', '--scenario', 'fence-breach', '--seed', '7'],
        ...['--speed', String(SIMULATOR_SPEED), '--duration', String(SIMULATED_S)],
        ...['--server', `${a.url},${b.url}`, '--key', seeded.linkKey, '--link-id', linkId],
        ...['--truth', truthFile, '--spool', spoolDir, '--status', 'off', '--log-level', 'info'],
      ],
      { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let linkOutput = '';
    link.stdout.on('data', (chunk: Buffer) => (linkOutput += chunk.toString()));
    link.stderr.on('data', (chunk: Buffer) => (linkOutput += chunk.toString()));
    const linkExited = new Promise<number | null>((resolve) => link.once('exit', resolve));

    // The browser on B sees A's vehicles: A publishes, Redis carries it to B.
    const sysIds = SIMULATED_VEHICLES.map((vehicle) => vehicle.sysId);
    await waitFor(
      'the browser on B to see every vehicle that A serves',
      async () => (sysIds.every((sysId) => onB.sysIdsSeen.has(sysId)) ? true : undefined),
      60_000,
      100,
    );
    expect(linkOutput).toContain(`"server":"${a.url}"`);
    await expect.poll(() => vehicleCards.count(), { timeout: 60_000 }).toBe(sysIds.length);
    await a.kill();
    onB.forget();
    viaProxy.forget();

    // The link fails over to B once A's lease lapses, and the view goes on on both browsers
    // (the one behind the proxy reconnects to B if it was on A).
    await waitFor(
      'the ground-link to be served by B',
      async () => (linkOutput.includes(`"server":"${b.url}"`) ? true : undefined),
      60_000,
      200,
    );
    await waitFor(
      'both browsers to see every vehicle after A died',
      async () =>
        sysIds.every((s) => onB.sysIdsSinceForget.has(s) && viaProxy.sysIdsSinceForget.has(s))
          ? true
          : undefined,
      60_000,
      100,
    );
    const fenceAlert = (view: BrowserView) =>
      view.alerts.some((alert) => alert.event.type.startsWith('fence-'));
    await waitFor(
      'a fence alert on both browsers',
      async () => (fenceAlert(onB) && fenceAlert(viaProxy) ? true : undefined),
      90_000,
      200,
    );
    // Chromium on B still shows every vehicle, and the fence alert in its list.
    await page
      .locator('[data-testid=alert-list] li[data-alert-type^=fence-]')
      .first()
      .waitFor({ timeout: 60_000 });
    expect(await vehicleCards.count()).toBe(sysIds.length);
    expect(await linkExited, linkOutput).toBe(0);
    // B's browser never lost its connection: A's death shows to it only as the link moving.
    expect(onB.reconnects).toBe(0);

    // Every position the simulator sent is stored once, in one flight per vehicle.
    const truth = JSON.parse(readFileSync(truthFile, 'utf8')) as GroundTruth;
    const expected = new Map(truth.vehicles.map((v) => [v.sysId, v.globalPositionIntFrames]));
    let stored = new Map<number, number[]>();
    await waitFor(
      'every position to be stored',
      async () => {
        stored = await storedPositionTimes(database.connection, linkId);
        return [...expected].every(([sysId, n]) => (stored.get(sysId)?.length ?? 0) >= n)
          ? true
          : undefined;
      },
      60_000,
      500,
    );
    for (const [sysId, n] of expected) {
      const times = stored.get(sysId) ?? [];
      expect({ sysId, stored: times.length, distinct: new Set(times).size }).toEqual({
        sysId,
        stored: n,
        distinct: n,
      });
    }
    const flights = await getModels(database.connection).Flight.find({ linkId }).lean();
    expect(flights.map((flight) => flight.sysId).sort()).toEqual([...sysIds].sort());
  }, 300_000);
});
