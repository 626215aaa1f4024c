import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connectSocket, type Socket } from 'socket.io-client';
import {
  LIVE_NAMESPACE,
  type LiveAlert,
  type LiveClientToServerEvents,
  type LiveServerToClientEvents,
} from '../../../telemetry/contract/live.js';
import type { VehicleState } from '../../../telemetry/model/vehicleState.js';
import { createApiKey } from '../../../server/auth/apiKeys.js';
import { createSession } from '../../../server/auth/sessions.js';
import type { RangeFencesInput } from '../../../server/certification/fences/rangeFences.js';
import { flightEventsCollection } from '../../../server/store/flights/flightEventStore.js';
import { listEvents } from '../../../server/store/flights/listEvents.js';
import { getModels } from '../../../server/store/models/models.js';
import { IngestHarness, waitUntil } from '../ingest/ingestHarness.js';
import { framesOver, ScriptedLink, ScriptedVehicle } from '../ingest/scriptedVehicle.js';

type LiveClient = Socket<LiveServerToClientEvents, LiveClientToServerEvents>;

const T0_US = 1_790_000_000_000_000;
const S = 1e6;
const ORIGIN = { latDeg: 37.5, lonDeg: 127 };
/** Half the side of the square inclusion zone [°]: about 111 m north and south of the origin. */
const HALF_SIDE_DEG = 0.001;
/** The scripted vehicle flies north at 1e-4° (≈ 11 m) a second once armed. */
const NORTH_DEG_PER_S = 1e-4;

const FENCES: RangeFencesInput = {
  zones: [
    {
      id: 'box',
      role: 'inclusion',
      shape: 'polygon',
      vertices: [
        { latDeg: ORIGIN.latDeg - HALF_SIDE_DEG, lonDeg: ORIGIN.lonDeg - HALF_SIDE_DEG },
        { latDeg: ORIGIN.latDeg - HALF_SIDE_DEG, lonDeg: ORIGIN.lonDeg + HALF_SIDE_DEG },
        { latDeg: ORIGIN.latDeg + HALF_SIDE_DEG, lonDeg: ORIGIN.lonDeg + HALF_SIDE_DEG },
        { latDeg: ORIGIN.latDeg + HALF_SIDE_DEG, lonDeg: ORIGIN.lonDeg - HALF_SIDE_DEG },
      ],
    },
  ],
  ceilingM: 100,
  marginM: 5,
};

describe('live geofence checks on ingest', () => {
  let harness: IngestHarness;
  let rangeKey: string;
  let operatorCookie: string;
  const browsers: LiveClient[] = [];

  beforeAll(async () => {
    harness = await IngestHarness.start('fenceAlerts');
    const { connection } = harness.database;
    const { Range, User } = getModels(connection);
    const range = await Range.create({
      name: 'Fenced range',
      origin: ORIGIN,
      fences: FENCES,
      fencesVersion: 1,
    });
    rangeKey = (
      await createApiKey(connection, { name: 'fenced', rangeId: range._id.toHexString() })
    ).key;
    const operator = await User.create({
      email: 'fence-op@range.test',
      name: 'Operator',
      role: 'operator',
      passwordHash: 'unused',
    });
    const { token } = await createSession(connection, operator._id.toHexString(), 60_000);
    operatorCookie = `sortie_session=${token}`;
  });
  afterAll(async () => {
    for (const browser of browsers) browser.disconnect();
    await harness?.stop();
  });

  async function watchingBrowser() {
    const browser: LiveClient = connectSocket(`${harness.url}${LIVE_NAMESPACE}`, {
      transports: ['websocket'],
      reconnection: false,
      extraHeaders: { cookie: operatorCookie },
    });
    browsers.push(browser);
    const alerts: LiveAlert[] = [];
    const states: VehicleState[] = [];
    browser.on('alert', (alert) => alerts.push(alert));
    browser.on('vehicle-state', (state) => states.push(state));
    await new Promise<void>((resolve, reject) => {
      browser.once('connect', resolve);
      browser.once('connect_error', reject);
    });
    expect(await browser.timeout(5000).emitWithAck('join', {})).toEqual({ ok: true });
    return { alerts, states };
  }

  it('raises a warning, a breach and a return as stored events and live alerts, each once', async () => {
    const browser = await watchingBrowser();
    const vehicle = new ScriptedVehicle(51);
    const link = new ScriptedLink('fence-link');
    const { socket } = await harness.connectLink('fence-link', rangeKey);
    // Armed from 1 s; flies north out of the box (≈ 10 s after arming), then is back at 16 s.
    const at = (tUs: number) => {
      const s = (tUs - T0_US) / S;
      const flownS = s < 16 ? Math.max(0, s - 1) : 0;
      return {
        armed: s >= 1,
        latDeg: ORIGIN.latDeg + flownS * NORTH_DEG_PER_S,
        lonDeg: ORIGIN.lonDeg,
        altRelM: 20,
      };
    };
    for (let s = 0; s < 18; s++) {
      // Paced past the 10-Hz state throttle, so each second of flight can reach the browser
      // (sent back to back, a fast database lets several seconds share one throttle period).
      if (s > 0) await new Promise((resolve) => setTimeout(resolve, 110));
      const ack = await harness.send(
        socket,
        link.batch(framesOver([vehicle], T0_US + s * S, T0_US + (s + 1) * S, S / 10, at)),
      );
      expect(ack.ok).toBe(true);
    }
    await harness.settle();
    // The browser has heard the last second of flight (states are sent at most at 10 Hz).
    await waitUntil(() => browser.states.at(-1)?.lastHeardUs === T0_US + 18 * S - S / 10 + 1);

    const flight = await getModels(harness.database.connection)
      .Flight.findOne({ linkId: 'fence-link' })
      .lean();
    const events = await listEvents(harness.database.connection, flight!._id.toHexString());
    const stored = (events ?? []).filter((event) => event.type.startsWith('fence-'));
    expect(stored.map((event) => event.type)).toEqual([
      'fence-warning',
      'fence-predicted-breach',
      'fence-breach',
      'fence-return',
    ]);
    expect(stored.every((event) => event.origin === 'server')).toBe(true);

    // The breach is the first position north of the box: 1 + 0.001 / 1e-4 = 11 s, then the
    // next 0.1-s step (positions are stamped 1 µs after their heartbeat).
    const breach = stored.find((event) => event.type === 'fence-breach')!;
    expect(breach.tUs).toBe(T0_US + 11.1 * S + 1);
    expect(breach.data).toMatchObject({ boundaryId: 'box' });
    const warning = stored.find((event) => event.type === 'fence-warning')!;
    // Within the 5-m margin: 111.3 m − 5 m ≈ 106 m north, at about 10.6 s.
    expect((warning.tUs - T0_US) / S).toBeGreaterThan(10.4);
    expect((warning.tUs - T0_US) / S).toBeLessThan(10.8);
    const returned = stored.find((event) => event.type === 'fence-return')!;
    expect(returned.tUs).toBe(T0_US + 16 * S + 1);

    // Each alert reaches the browser under one id, however many paths tell it.
    const fenceAlertIds = new Set(
      browser.alerts.filter((a) => a.event.type.startsWith('fence-')).map((a) => a.id),
    );
    expect(fenceAlertIds.size).toBe(3); // warning, predicted breach, breach (a return is no alert)
    const breachAlert = browser.alerts.find((a) => a.event.type === 'fence-breach');
    expect(breachAlert?.event.tUs).toBe(breach.tUs);
    expect(breachAlert?.flightId).toBe(flight!._id.toHexString());
    expect(browser.states.some((state) => state.fenceStatus === 'breach')).toBe(true);
    expect(browser.states.at(-1)?.fenceStatus).toBe('inside');
  });

  it('shows a disarmed vehicle outside the fence as such but raises no event', async () => {
    const browser = await watchingBrowser();
    const vehicle = new ScriptedVehicle(52);
    const link = new ScriptedLink('ground-link-outside');
    const { socket } = await harness.connectLink('ground-link-outside', rangeKey);
    const outside = () => ({
      armed: false,
      latDeg: ORIGIN.latDeg + 2 * HALF_SIDE_DEG,
      lonDeg: ORIGIN.lonDeg,
      altRelM: 0,
    });
    for (let s = 0; s < 3; s++) {
      await harness.send(
        socket,
        link.batch(framesOver([vehicle], T0_US + s * S, T0_US + (s + 1) * S, S / 10, outside)),
      );
    }
    await harness.settle();
    const lastOf52 = () => browser.states.filter((s) => s.sysId === 52).at(-1);
    // Told once the pass is stored; an alert raised on receipt would have come before it.
    await waitUntil(() => lastOf52() !== undefined);

    const fenceEvents = await flightEventsCollection(harness.db).countDocuments({
      sysId: 52,
      type: { $regex: '^fence-' },
    });
    expect(fenceEvents).toBe(0);
    expect(browser.alerts.filter((a) => a.event.sysId === 52)).toEqual([]);
    expect(lastOf52()?.fenceStatus).toBe('breach');
  });

  it('leaves the fence state unknown on a range without fences', async () => {
    const browser = await watchingBrowser();
    const vehicle = new ScriptedVehicle(53);
    const link = new ScriptedLink('unfenced-link');
    const { socket } = await harness.connectLink('unfenced-link');
    const at = () => ({ armed: true, latDeg: 10, lonDeg: 10, altRelM: 500 });
    for (let s = 0; s < 2; s++) {
      await harness.send(
        socket,
        link.batch(framesOver([vehicle], T0_US + s * S, T0_US + (s + 1) * S, S / 10, at)),
      );
    }
    await harness.settle();
    const lastOf53 = () => browser.states.filter((s) => s.sysId === 53).at(-1);
    await waitUntil(() => lastOf53() !== undefined);
    expect(lastOf53()?.fenceStatus).toBe('unknown');
    expect(browser.alerts.filter((a) => a.event.sysId === 53)).toEqual([]);
  });
});
