import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flightEventsCollection } from '../../../server/store/flights/flightEventStore.js';
import { rawTlogCollections } from '../../../server/store/flights/rawTlogStore.js';
import { telemetryCollection } from '../../../server/store/flights/telemetryBuckets.js';
import { PRE_FLIGHT_MAX_S } from '../../../server/ingest/flightLifecycle.js';
import { getModels } from '../../../server/store/models/models.js';
import { IngestHarness, waitUntil, type IngestClient } from './ingestHarness.js';
import { framesOver, ScriptedLink, ScriptedVehicle } from './scriptedVehicle.js';

const T0_US = 1_780_000_000_000_000;
const S = 1e6;

/** Armed between the given second marks; on the pad (unarmed) otherwise. */
function armedBetween(spansS: [number, number][]) {
  return (tUs: number) => {
    const s = (tUs - T0_US) / S;
    const armed = spansS.some(([from, to]) => s >= from && s < to);
    return { armed, latDeg: 37.5 + (armed ? s * 1e-5 : 0), lonDeg: 127, altRelM: armed ? 20 : 0 };
  };
}

async function send(
  harness: IngestHarness,
  socket: IngestClient,
  link: ScriptedLink,
  vehicle: ScriptedVehicle,
  span: { fromS: number; toS: number; batchS: number; stepUs: number },
  at: ReturnType<typeof armedBetween>,
) {
  for (let s = span.fromS; s < span.toS; s += span.batchS) {
    const to = Math.min(s + span.batchS, span.toS);
    const frames = framesOver([vehicle], T0_US + s * S, T0_US + to * S, span.stepUs, at);
    expect((await harness.send(socket, link.batch(frames))).ok).toBe(true);
  }
}

describe('the pre-flight part: what a vehicle sends unarmed', () => {
  let harness: IngestHarness;
  const flightsOf = (linkId: string) =>
    getModels(harness.database.connection).Flight.find({ linkId }).sort({ startedAt: 1 }).lean();
  /** Whether ingest still holds an open flight (or pre-flight part) of the vehicle. */
  const holdsOpenFlight = (sysId: number) =>
    harness.hubs.registry.compactors().some((compactor) => compactor.vehicle(sysId)?.flight);

  beforeAll(async () => {
    harness = await IngestHarness.start('preFlightPart');
  });
  afterAll(async () => {
    await harness?.stop();
  });

  // First in the file: it checks that nothing stored is left without a listed flight.
  it('lists one flight for one arm cycle although the vehicle stays on after it lands, and keeps nothing of the tail', async () => {
    const vehicle = new ScriptedVehicle(41);
    const link = new ScriptedLink('powered-after-landing');
    const { socket } = await harness.connectLink('powered-after-landing');
    // Armed 2–6 s, then left on to 40 s: far longer than the grace (2 s here), and long
    // enough for the tail to fill and seal buckets of its own.
    const at = armedBetween([[2, 6]]);
    await send(
      harness,
      socket,
      link,
      vehicle,
      { fromS: 0, toS: 40, batchS: 2, stepUs: 50_000 },
      at,
    );
    await harness.settle();
    // Then quiet until the silent close (3 s here) has dealt with the unarmed tail.
    await waitUntil(async () => !holdsOpenFlight(41));
    await harness.settle();

    const flights = await flightsOf('powered-after-landing');
    expect(flights).toHaveLength(1);
    const [flight] = flights;
    expect(flight?.status).toBe('landed');
    expect(flight?.endReason).toBe('disarm');
    expect(flight?.armedAt?.getTime()).toBe(T0_US / 1000 + 2000);
    expect(flight?.endedAt?.getTime()).toBe(T0_US / 1000 + 6000);
    // The tail (from 8 s on, after the grace) was stored as it came, then discarded: every
    // stored sample, event and raw frame belongs to the one listed flight.
    const flightId = flight!._id.toHexString();
    expect(await telemetryCollection(harness.db).distinct('flightId')).toEqual([flightId]);
    expect(await flightEventsCollection(harness.db).distinct('flightId')).toEqual([flightId]);
    expect(await rawTlogCollections(harness.db).files.distinct('metadata.flightId')).toEqual([
      flightId,
    ]);
  });

  it('lists no flight for a vehicle that is switched on and off without arming', async () => {
    const vehicle = new ScriptedVehicle(42);
    const link = new ScriptedLink('never-armed');
    const { socket } = await harness.connectLink('never-armed');
    const onThePad = armedBetween([]);
    await send(
      harness,
      socket,
      link,
      vehicle,
      { fromS: 0, toS: 20, batchS: 2, stepUs: 250_000 },
      onThePad,
    );
    await harness.settle();
    expect(holdsOpenFlight(42)).toBe(true);
    await waitUntil(async () => !holdsOpenFlight(42));

    expect(await flightsOf('never-armed')).toEqual([]);
  });

  it(`keeps at most ${PRE_FLIGHT_MAX_S} s before the arming as the flight's pre-flight part`, async () => {
    const vehicle = new ScriptedVehicle(43);
    const link = new ScriptedLink('long-on-the-pad');
    const { socket } = await harness.connectLink('long-on-the-pad');
    const armS = PRE_FLIGHT_MAX_S + 100;
    const at = armedBetween([[armS, armS + 5]]);
    await send(
      harness,
      socket,
      link,
      vehicle,
      { fromS: 0, toS: armS + 8, batchS: 20, stepUs: S },
      at,
    );
    await harness.settle();

    const flights = await flightsOf('long-on-the-pad');
    expect(flights).toHaveLength(1);
    const flight = flights[0]!;
    expect(flight.armedAt?.getTime()).toBe(T0_US / 1000 + armS * 1000);
    // The part begun at 0 s was dropped at the first sample more than PRE_FLIGHT_MAX_S after
    // it (the position 1 µs after the heartbeat at 300 s); the new part runs from there.
    expect(flight.startedAt.getTime()).toBe(T0_US / 1000 + PRE_FLIGHT_MAX_S * 1000);
  });
});
