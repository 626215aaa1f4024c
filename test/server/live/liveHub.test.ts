import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connectSocket, type Socket } from 'socket.io-client';
import {
  LIVE_NAMESPACE,
  type LiveClientToServerEvents,
  type LiveServerToClientEvents,
} from '../../../telemetry/contract/live.js';
import type { VehicleState } from '../../../telemetry/model/vehicleState.js';
import { createSession } from '../../../server/auth/sessions.js';
import { getModels } from '../../../server/store/models/models.js';
import { IngestHarness, waitUntil } from '../ingest/ingestHarness.js';
import { framesOver, ScriptedLink, ScriptedVehicle } from '../ingest/scriptedVehicle.js';

type LiveClient = Socket<LiveServerToClientEvents, LiveClientToServerEvents>;

const T0_US = 1_780_000_000_000_000;
const S = 1e6;

describe('/live for browsers', () => {
  let harness: IngestHarness;
  let operatorCookie: string;
  const browsers: LiveClient[] = [];

  async function connectBrowser(cookie: string | null): Promise<LiveClient> {
    const socket: LiveClient = connectSocket(`${harness.url}${LIVE_NAMESPACE}`, {
      transports: ['websocket'],
      reconnection: false,
      extraHeaders: cookie ? { cookie } : {},
    });
    browsers.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    return socket;
  }

  beforeAll(async () => {
    harness = await IngestHarness.start('liveHub');
    const { User } = getModels(harness.database.connection);
    const operator = await User.create({
      email: 'op@range.test',
      name: 'Operator',
      role: 'operator',
      passwordHash: 'unused',
    });
    const { token } = await createSession(
      harness.database.connection,
      operator._id.toHexString(),
      60_000,
    );
    operatorCookie = `sortie_session=${token}`;
  });
  afterAll(async () => {
    for (const browser of browsers) browser.disconnect();
    await harness?.stop();
  });

  it('refuses a browser without a session', async () => {
    await expect(connectBrowser(null)).rejects.toThrow(/Not signed in/);
  });

  it('sends a browser joining mid-flight every vehicle’s state and the flight’s track, then live state', async () => {
    const vehicle = new ScriptedVehicle(41);
    const link = new ScriptedLink('live-link');
    const { socket } = await harness.connectLink('live-link');
    // 40 s of flight (a fence-free range): 8 positions a second, northwards 1e-5° a second.
    const at = (tUs: number) => {
      const s = (tUs - T0_US) / S;
      return { armed: s >= 2, latDeg: 37.5 + s * 1e-5, lonDeg: 127, altRelM: s >= 2 ? 20 : 0 };
    };
    for (let s = 0; s < 40; s++) {
      const ack = await harness.send(
        socket,
        link.batch(framesOver([vehicle], T0_US + s * S, T0_US + (s + 1) * S, S / 8, at)),
      );
      expect(ack.ok).toBe(true);
    }
    await harness.settle();

    const browser = await connectBrowser(operatorCookie);
    const snapshotArrives = new Promise<Parameters<LiveServerToClientEvents['snapshot']>[0]>(
      (resolve) => browser.once('snapshot', resolve),
    );
    expect(await browser.timeout(5000).emitWithAck('join', {})).toEqual({ ok: true });
    const snapshot = await snapshotArrives;

    const state = snapshot.vehicles.find((v) => v.sysId === 41);
    expect(state?.armed).toBe(true);
    expect(state?.altRelM).toBe(20);
    expect(state?.modeName).toBe('POSCTL');
    expect(state?.flightId).toMatch(/^[0-9a-f]{24}$/);
    const track = snapshot.tracks.find((t) => t.flightId === state?.flightId);
    expect(track?.points).toHaveLength(320);
    expect(track?.points[0]).toEqual([T0_US + 1, 37.5, 127, 0]);
    expect(track?.points.at(-1)?.[1]).toBeCloseTo(37.5 + (40 - 1 / 8) * 1e-5, 7);

    const states: VehicleState[] = [];
    browser.on('vehicle-state', (s) => states.push(s));
    await harness.send(
      socket,
      link.batch(framesOver([vehicle], T0_US + 40 * S, T0_US + 41 * S, S / 8, at)),
    );
    const lastSampleUs = T0_US + 41 * S - S / 8 + 1;
    await waitUntil(() => states.at(-1)?.lastHeardUs === lastSampleUs);
    expect(states.length).toBeGreaterThanOrEqual(1);
    expect(states.at(-1)?.lastHeardUs).toBe(lastSampleUs);
  });

  it('does not let a maker watch a whole range, nor a flight of another maker', async () => {
    const { User, Maker } = getModels(harness.database.connection);
    const maker = await Maker.create({ name: 'Other Maker' });
    const user = await User.create({
      email: 'maker@other.test',
      name: 'Maker',
      role: 'maker',
      makerId: maker._id,
      passwordHash: 'unused',
    });
    const { token } = await createSession(
      harness.database.connection,
      user._id.toHexString(),
      60_000,
    );
    const browser = await connectBrowser(`sortie_session=${token}`);
    const flight = await getModels(harness.database.connection)
      .Flight.findOne({ linkId: 'live-link' })
      .lean();

    const whole = await browser.timeout(5000).emitWithAck('join', {});
    const other = await browser
      .timeout(5000)
      .emitWithAck('join', { flightId: flight!._id.toHexString() });

    expect(whole.ok).toBe(false);
    expect(other).toEqual({ ok: false, error: `No flight ${flight!._id.toHexString()}.` });
  });
});
