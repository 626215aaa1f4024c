import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendBatch } from '../../../server/store/ingest/batchLog.js';
import {
  ingestCollections,
  type StoredVehicleState,
} from '../../../server/store/ingest/ingestCollections.js';
import { flightEventsCollection } from '../../../server/store/flights/flightEventStore.js';
import { openRawTlogStream } from '../../../server/store/flights/openRawTlogStream.js';
import { readSeries } from '../../../server/store/flights/readSeries.js';
import { getModels } from '../../../server/store/models/models.js';
import type { IngestBatch } from '../../../telemetry/contract/ingest.js';
import { encodeTlogRecord } from '../../../telemetry/tlog/tlogRecord.js';
import { IngestHarness, TEST_SETTINGS, type IngestClient } from './ingestHarness.js';
import { silentLogger } from '../../support/testDatabase.js';
import { LinkCompactor } from '../../../server/ingest/linkCompactor.js';
import { rawTlogRecords } from '../../../server/ingest/rawTlogBySystem.js';
import type { AnySample } from '../../../telemetry/model/sample.js';
import {
  framesOver,
  ScriptedLink,
  ScriptedVehicle,
  type VehicleInstant,
} from './scriptedVehicle.js';

const T0_US = 1_781_000_000_000_000;
const STEP_US = 200_000;
const BATCHES = 8;

/** Still on the ground for 3 s, then armed and climbing: arm events and a moving track. */
function instant(tUs: number): VehicleInstant {
  const s = (tUs - T0_US) / 1e6;
  return { armed: s >= 3, latDeg: 37.5 + s * 1e-5, lonDeg: 127.0, altRelM: s >= 3 ? s - 3 : 0 };
}

/** One batch per second of the same scripted flight, and the frames each holds. */
function scriptedFlight(linkId: string) {
  const vehicle = new ScriptedVehicle(41);
  const link = new ScriptedLink(linkId);
  const frames = Array.from({ length: BATCHES }, (_, i) =>
    framesOver([vehicle], T0_US + i * 1e6, T0_US + (i + 1) * 1e6, STEP_US, instant),
  );
  return { frames, batches: frames.map((f) => link.batch(f)) };
}

async function streamBytes(stream: NodeJS.ReadableStream | null): Promise<Buffer> {
  const parts: Buffer[] = [];
  if (stream) for await (const part of stream) parts.push(Buffer.from(part as Uint8Array));
  return Buffer.concat(parts);
}

describe('compactor recovery after a crash', () => {
  let harness: IngestHarness;

  beforeAll(async () => {
    harness = await IngestHarness.start('compactorRecovery');
  });
  afterAll(async () => {
    await harness?.stop();
  });

  /** What the server serves for the link's one flight: positions, events and raw frames. */
  async function served(linkId: string) {
    const { connection } = harness.database;
    const flights = await getModels(connection).Flight.find({ linkId }).lean();
    expect(flights).toHaveLength(1);
    const flightId = flights[0]!._id.toHexString();
    const series = await readSeries(connection, flightId, { channels: ['latDeg'] });
    const events = await flightEventsCollection(harness.db)
      .find({ flightId })
      .sort({ number: 1 })
      .toArray();
    return {
      positionTimes: series?.series[0]?.tUs ?? [],
      events: events.map(({ number, type, tUs }) => ({ number, type, tUs })),
      raw: await streamBytes(await openRawTlogStream(connection, flightId)),
    };
  }

  /** Disconnects and waits until the server has let the link go (its next start is a fresh one). */
  async function disconnect(socket: IngestClient, linkId: string) {
    socket.disconnect();
    const deadline = Date.now() + 10_000;
    while (harness.hubs.registry.has(linkId) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(harness.hubs.registry.has(linkId)).toBe(false);
  }

  async function send(linkId: string, batches: IngestBatch[]) {
    const { socket } = await harness.connectLink(linkId);
    for (const batch of batches) expect((await harness.send(socket, batch)).ok).toBe(true);
    await harness.settle();
    return socket;
  }

  it('folds a pass again into the same documents when the server died before storing its states', async () => {
    const calm = scriptedFlight('calm-link');
    (await send('calm-link', calm.batches)).disconnect();

    const { frames, batches } = scriptedFlight('crash-link');
    const socket = await send('crash-link', batches.slice(0, 4));
    const { vehicles, links } = ingestCollections(harness.db);
    const statesBefore = await vehicles.find({ linkId: 'crash-link' }).toArray();
    const linkBefore = await links.findOne({ _id: 'crash-link' });
    // Batches 4 and 5 are folded: their buckets, events and raw pieces are written...
    for (const batch of batches.slice(4, 6)) {
      expect((await harness.send(socket, batch)).ok).toBe(true);
    }
    await harness.settle();
    await disconnect(socket, 'crash-link');
    // ...but the server died before the states saying so were stored: they are as before, and
    // so is the link, and the batches are still in the log, with 6 and 7 logged behind them.
    // Recovery then folds 4–7 in one pass, cut differently from the passes that wrote 4 and 5.
    for (const state of statesBefore as StoredVehicleState[]) {
      await vehicles.replaceOne({ _id: state._id }, state);
    }
    await links.replaceOne({ _id: 'crash-link' }, linkBefore!);
    for (const batch of batches.slice(4)) {
      await appendBatch(harness.db, batch, { apiKeyId: 'k', rangeId: null }, Date.now());
    }

    const again = await harness.connectLink('crash-link');
    expect(again.lastStoredSeq).toBe(BATCHES - 1);
    await harness.settle();

    const expectedRaw = Buffer.concat(
      frames.flat().map(({ tUs, bytes }) => encodeTlogRecord(tUs, bytes)),
    );
    const afterCrash = await served('crash-link');
    const calmServed = await served('calm-link');
    expect(afterCrash.positionTimes).toHaveLength(BATCHES * 5);
    expect(afterCrash.positionTimes).toEqual(calmServed.positionTimes);
    expect(afterCrash.events).toEqual(calmServed.events);
    expect(afterCrash.raw.length).toBe(expectedRaw.length);
    expect(afterCrash.raw.equals(expectedRaw)).toBe(true);
    expect(calmServed.raw.equals(expectedRaw)).toBe(true);
  });

  it('keeps what a pass folds while the silent-flight check loads the vehicles of a link it took over', async () => {
    // The race is one database round trip wide, so it is run several times.
    for (let round = 0; round < 8; round++) {
      const linkId = `orphan-link-${round}`;
      const { batches } = scriptedFlight(linkId);
      await disconnect(await send(linkId, batches.slice(0, 4)), linkId);
      // Batches 4 and 5 are logged; the server died before folding them.
      for (const batch of batches.slice(4, 6)) {
        await appendBatch(harness.db, batch, { apiKeyId: 'k', rangeId: null }, Date.now());
      }
      // Another server's silent-flight check takes the link over as SilentFlightCloser does:
      // starting the compactor folds 4 and 5 while it loads every vehicle of the link.
      const compactor = new LinkCompactor({
        connection: harness.database.connection,
        linkId,
        apiKeyId: 'k',
        rangeId: null,
        settings: TEST_SETTINGS,
        logger: silentLogger,
        instanceId: 'other-server',
      });
      await compactor.start();
      await compactor.loadAllVehicles();
      compactor.tick();
      await compactor.idle();
      // The ground-link comes back to the same compactor with 6 and 7.
      for (const batch of batches.slice(6)) {
        const rawTlog = new Uint8Array(batch.rawTlog);
        compactor.enqueue(
          { ...batch, samples: batch.samples as AnySample[], rawTlog },
          rawTlogRecords(rawTlog),
        );
      }
      await compactor.idle();
      await compactor.stop();

      expect((await served(linkId)).positionTimes, `round ${round}`).toHaveLength(BATCHES * 5);
    }
  });
});
