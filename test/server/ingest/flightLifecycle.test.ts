import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listEvents } from '../../../server/store/flights/listEvents.js';
import { getModels } from '../../../server/store/models/models.js';
import { IngestHarness, waitUntil, type IngestClient } from './ingestHarness.js';
import {
  framesOver,
  ScriptedLink,
  ScriptedVehicle,
  type VehicleInstant,
} from './scriptedVehicle.js';

const T0_US = 1_780_000_000_000_000;
const S = 1e6;
const STEP_US = 250_000;

/** Armed between the given second marks (pairs of [arm, disarm]); flies 30 m up while armed. */
function script(armedSpansS: [number, number][]) {
  return (tUs: number): VehicleInstant => {
    const s = (tUs - T0_US) / S;
    const armed = armedSpansS.some(([from, to]) => s >= from && s < to);
    return { armed, latDeg: 37.5 + (armed ? s * 1e-5 : 0), lonDeg: 127, altRelM: armed ? 30 : 0 };
  };
}

async function sendSeconds(
  harness: IngestHarness,
  socket: IngestClient,
  link: ScriptedLink,
  vehicle: ScriptedVehicle,
  fromS: number,
  toS: number,
  at: (tUs: number) => VehicleInstant,
) {
  for (let s = fromS; s < toS; s++) {
    const frames = framesOver([vehicle], T0_US + s * S, T0_US + (s + 1) * S, STEP_US, at);
    const ack = await harness.send(socket, link.batch(frames));
    expect(ack.ok).toBe(true);
  }
}

async function flightsOf(harness: IngestHarness, linkId: string) {
  return getModels(harness.database.connection)
    .Flight.find({ linkId })
    .sort({ startedAt: 1 })
    .lean();
}

describe('flight lifecycle', () => {
  let harness: IngestHarness;

  beforeAll(async () => {
    harness = await IngestHarness.start('flightLifecycle');
  });
  afterAll(async () => {
    await harness?.stop();
  });

  it('makes two flights of two arm cycles, each with its pre-flight part', async () => {
    const vehicle = new ScriptedVehicle(31);
    const link = new ScriptedLink('cycles-link');
    const { socket } = await harness.connectLink('cycles-link');
    // Armed 2–6 s and 10–14 s; the 4 s on the ground between is longer than the 2 s grace.
    await sendSeconds(
      harness,
      socket,
      link,
      vehicle,
      0,
      16,
      script([
        [2, 6],
        [10, 14],
      ]),
    );
    await harness.settle();
    await waitUntil(async () =>
      (await flightsOf(harness, 'cycles-link')).every((f) => f.status === 'landed'),
    );

    const flights = await flightsOf(harness, 'cycles-link');
    expect(flights).toHaveLength(2);
    const [first, second] = flights as [(typeof flights)[0], (typeof flights)[0]];
    expect(first.startedAt.getTime()).toBe(T0_US / 1000);
    expect(first.armedAt?.getTime()).toBe(T0_US / 1000 + 2000);
    expect(first.disarmedAt?.getTime()).toBe(T0_US / 1000 + 6000);
    expect(first.endReason).toBe('disarm');
    // The second flight starts with the ground time after the grace: its pre-flight part.
    expect(second.startedAt.getTime()).toBeGreaterThanOrEqual(T0_US / 1000 + 8000);
    expect(second.startedAt.getTime()).toBeLessThan(T0_US / 1000 + 10_000);
    expect(second.armedAt?.getTime()).toBe(T0_US / 1000 + 10_000);
    expect(second.endReason).toBe('disarm');
    expect(first.summary?.durationS).toBe(4);
    expect(first.summary?.maxAltRelM).toBe(30);
    expect(first.summary?.maxGroundSpeedMps).toBeCloseTo(1, 5);
    expect(first.summary?.distanceM).toBeGreaterThan(3);
    expect(first.summary?.boundingBox?.minLatDeg).toBeCloseTo(37.5, 6);
    expect((first.summary?.sampleCounts as Record<string, number>).position).toBe(32);
  });

  it('keeps a disarm and re-arm within the grace in one flight', async () => {
    const vehicle = new ScriptedVehicle(32);
    const link = new ScriptedLink('bounce-link');
    const { socket } = await harness.connectLink('bounce-link');
    await sendSeconds(
      harness,
      socket,
      link,
      vehicle,
      0,
      10,
      script([
        [2, 5],
        [6, 9],
      ]),
    );
    await harness.settle();
    await waitUntil(async () => (await flightsOf(harness, 'bounce-link'))[0]?.status === 'landed');

    const flights = await flightsOf(harness, 'bounce-link');
    expect(flights).toHaveLength(1);
    expect(flights[0]?.armedAt?.getTime()).toBe(T0_US / 1000 + 2000);
    expect(flights[0]?.disarmedAt?.getTime()).toBe(T0_US / 1000 + 9000);
  });

  it('continues the flight of a link that reconnects mid-flight', async () => {
    const vehicle = new ScriptedVehicle(33);
    const link = new ScriptedLink('reconnect-link');
    const at = script([[1, 8]]);
    const firstConnection = await harness.connectLink('reconnect-link');
    await sendSeconds(harness, firstConnection.socket, link, vehicle, 0, 4, at);
    await harness.settle();
    firstConnection.socket.disconnect();
    await harness.linkReleased('reconnect-link');

    const { socket, lastStoredSeq } = await harness.connectLink('reconnect-link');
    expect(lastStoredSeq).toBe(3);
    await sendSeconds(harness, socket, link, vehicle, 4, 7, at);
    await harness.settle();

    const flights = await flightsOf(harness, 'reconnect-link');
    expect(flights).toHaveLength(1);
    expect(flights[0]?.status).toBe('live');
    expect(flights[0]?.armedAt?.getTime()).toBe(T0_US / 1000 + 1000);
  });

  it('closes a flight whose link went silent, with an event that says so', async () => {
    const vehicle = new ScriptedVehicle(34);
    const link = new ScriptedLink('silent-link');
    const { socket } = await harness.connectLink('silent-link');
    await sendSeconds(harness, socket, link, vehicle, 0, 3, script([[1, 100]]));
    await harness.settle();
    expect((await flightsOf(harness, 'silent-link'))[0]?.status).toBe('live');

    await waitUntil(async () => (await flightsOf(harness, 'silent-link'))[0]?.status === 'landed');

    const [flight] = await flightsOf(harness, 'silent-link');
    expect(flight?.endReason).toBe('link-silent');
    const events = await listEvents(harness.database.connection, flight!._id.toHexString());
    const closing = events?.filter((event) => event.type === 'flight-closed-silent');
    expect(closing).toHaveLength(1);
    expect(closing?.[0]?.message).toMatch(/not heard for \d+ s/);
    expect(closing?.[0]?.origin).toBe('server');
    // Silent long enough to be lost (1.5 s here) before it was closed: one link-lost, no restore.
    const lost = events?.filter((event) => event.type === 'link-lost');
    expect(lost).toHaveLength(1);
    expect(lost?.[0]?.data.lastHeardUs).toBe(T0_US + 3 * S - STEP_US + 1);
    expect(events?.some((event) => event.type === 'link-restored')).toBe(false);
  });

  it('raises link-lost when an armed vehicle goes quiet and link-restored when it is heard again', async () => {
    const vehicle = new ScriptedVehicle(35);
    const link = new ScriptedLink('lossy-link');
    const { socket } = await harness.connectLink('lossy-link');
    const armed = script([[1, 100]]);
    await sendSeconds(harness, socket, link, vehicle, 0, 3, armed);
    await harness.settle();
    // Quiet for longer than the link-lost time (1.5 s) but shorter than the silent close (3 s).
    await waitUntil(async () => {
      const [flight] = await flightsOf(harness, 'lossy-link');
      const events = await listEvents(harness.database.connection, flight!._id.toHexString());
      return events?.some((event) => event.type === 'link-lost') ?? false;
    });
    await sendSeconds(harness, socket, link, vehicle, 5, 7, armed);
    await harness.settle();

    const [flight] = await flightsOf(harness, 'lossy-link');
    expect(flight?.status).toBe('live');
    const events = await listEvents(harness.database.connection, flight!._id.toHexString());
    const linkEvents = events?.filter((event) => event.type.startsWith('link-'));
    expect(linkEvents?.map((event) => event.type)).toEqual(['link-lost', 'link-restored']);
    const [lost, restored] = linkEvents!;
    expect(lost?.severity).toBe(2);
    expect(lost?.data.lastHeardUs).toBe(T0_US + 3 * S - STEP_US + 1);
    expect(lost?.tUs).toBe((lost?.data.lastHeardUs as number) + 1.5 * S);
    expect(lost?.message).toBe('Link lost: not heard for 1.5 s');
    expect(restored?.tUs).toBe(T0_US + 5 * S);
    expect(restored?.data.lastHeardUs).toBe(lost?.data.lastHeardUs);
  });

  it('finds a loss in ground time that the server clock did not see (a replay at speed)', async () => {
    const vehicle = new ScriptedVehicle(36);
    const link = new ScriptedLink('replayed-link');
    const { socket } = await harness.connectLink('replayed-link');
    const armed = script([[1, 100]]);
    // Sent back to back: 10 s of silence in ground time, none on the server's clock.
    await sendSeconds(harness, socket, link, vehicle, 0, 3, armed);
    await sendSeconds(harness, socket, link, vehicle, 13, 15, armed);
    await harness.settle();

    const [flight] = await flightsOf(harness, 'replayed-link');
    const events = await listEvents(harness.database.connection, flight!._id.toHexString());
    const linkEvents = events?.filter((event) => event.type.startsWith('link-'));
    expect(linkEvents?.map((event) => [event.type, event.tUs])).toEqual([
      ['link-lost', T0_US + 3 * S - STEP_US + 1 + 1.5 * S],
      ['link-restored', T0_US + 13 * S],
    ]);
    expect(linkEvents?.[1]?.message).toBe('Link restored after 10.2 s');
  });
});
