import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getModels } from '../../../server/store/models/models.js';
import {
  appendBatch,
  loggedSeqs,
  unappliedBatches,
} from '../../../server/store/ingest/batchLog.js';
import { ingestCollections } from '../../../server/store/ingest/ingestCollections.js';
import { openRawTlogStream } from '../../../server/store/flights/openRawTlogStream.js';
import { readSeries } from '../../../server/store/flights/readSeries.js';
import { encodeTlogRecord } from '../../../telemetry/tlog/tlogRecord.js';
import { IngestHarness } from './ingestHarness.js';
import { framesOver, ScriptedLink, ScriptedVehicle } from './scriptedVehicle.js';

const T0_US = 1_780_000_000_000_000;
const STEP_US = 200_000;
/** Armed on the pad: a vehicle that never arms makes no flight to read back. */
const armedOnPad = { armed: true, latDeg: 37.5, lonDeg: 127.0, altRelM: 0 };

async function streamBytes(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(Buffer.from(part as Uint8Array));
  return Buffer.concat(parts);
}

describe('/ingest batches', () => {
  let harness: IngestHarness;

  beforeAll(async () => {
    harness = await IngestHarness.start('ingestBatches');
  });
  afterAll(async () => {
    await harness?.stop();
  });

  it('acks a resent batch as a duplicate and stores it once', async () => {
    const vehicle = new ScriptedVehicle(11);
    const link = new ScriptedLink('dedupe-link');
    const { socket, lastStoredSeq } = await harness.connectLink('dedupe-link');
    expect(lastStoredSeq).toBeNull();
    const first = link.batch(framesOver([vehicle], T0_US, T0_US + 1e6, STEP_US, () => armedOnPad));
    const second = link.batch(
      framesOver([vehicle], T0_US + 1e6, T0_US + 2e6, STEP_US, () => armedOnPad),
    );

    expect(await harness.send(socket, first)).toEqual({ ok: true, seq: 0, duplicate: false });
    expect(await harness.send(socket, second)).toEqual({ ok: true, seq: 1, duplicate: false });
    expect(await harness.send(socket, second)).toEqual({ ok: true, seq: 1, duplicate: true });
    await harness.settle();
    // A new connection of the same link hears where to resume, and an old batch is still a duplicate.
    socket.disconnect();
    const again = await harness.connectLink('dedupe-link');
    expect(again.lastStoredSeq).toBe(1);
    expect(await harness.send(again.socket, first)).toEqual({ ok: true, seq: 0, duplicate: true });
    await harness.settle();

    const flights = await getModels(harness.database.connection)
      .Flight.find({ linkId: 'dedupe-link' })
      .lean();
    expect(flights).toHaveLength(1);
    const flightId = flights[0]!._id.toHexString();
    const series = await readSeries(harness.database.connection, flightId, {
      channels: ['altRelM', 'armed'],
    });
    expect(series?.series[0]?.tUs).toHaveLength(10);
    expect(series?.series[1]?.tUs).toHaveLength(10);
    expect(series?.series[0]?.tUs).toEqual([...series!.series[0]!.tUs].sort((a, b) => a - b));
  });

  it('refuses an invalid batch, names the field, and stores nothing of it', async () => {
    const vehicle = new ScriptedVehicle(12);
    const link = new ScriptedLink('invalid-link');
    const { socket } = await harness.connectLink('invalid-link');
    const batch = link.batch(framesOver([vehicle], T0_US, T0_US + 1e6, STEP_US, () => armedOnPad));
    const broken = structuredClone(batch) as unknown as {
      samples: { values: Record<string, unknown> }[];
    };
    broken.samples[1]!.values.latDeg = 'north';

    const ack = await harness.send(socket, broken as never);

    expect(ack.ok).toBe(false);
    expect(ack.ok === false && ack.error.message).toMatch(
      /refused and not stored: samples\[1\]\.values\.latDeg: /,
    );
    expect(ack.seq).toBe(0);
    const truncated = { ...batch, rawTlog: batch.rawTlog.subarray(0, batch.rawTlog.length - 3) };
    const rawAck = await harness.send(socket, truncated);
    expect(rawAck.ok === false && rawAck.error.message).toMatch(
      /refused and not stored: rawTlog: .*byte offset \d+/,
    );
    await harness.settle();
    expect(await loggedSeqs(harness.db, 'invalid-link')).toEqual([]);
    expect(
      await getModels(harness.database.connection).Flight.countDocuments({
        linkId: 'invalid-link',
      }),
    ).toBe(0);
    expect(harness.hubs.counters.rejectedByCode['invalid-batch']).toBeGreaterThanOrEqual(2);
  });

  it('keeps each vehicle’s raw frames byte-exact, in order, as a .tlog, even from batches that bring no sample of it', async () => {
    const vehicles = [new ScriptedVehicle(21), new ScriptedVehicle(22)];
    const link = new ScriptedLink('raw-link');
    const { socket } = await harness.connectLink('raw-link');
    const sent: { tUs: number; bytes: Uint8Array }[] = [];
    // Before the link has heard anything else of it: a frame of its autopilot is a vehicle's.
    const first = vehicles[1]!.attitudeQuaternionFrame(T0_US - 1);
    sent.push(first);
    expect((await harness.send(socket, link.batch([first]))).ok).toBe(true);
    for (let i = 0; i < 4; i++) {
      const frames = framesOver(
        vehicles,
        T0_US + i * 1e6,
        T0_US + (i + 1) * 1e6,
        STEP_US,
        () => armedOnPad,
      );
      sent.push(...frames);
      expect((await harness.send(socket, link.batch(frames))).ok).toBe(true);
      // A batch holding only a frame Sortie draws no sample from.
      const quaternion = vehicles[1]!.attitudeQuaternionFrame(T0_US + (i + 1) * 1e6 - 1);
      sent.push(quaternion);
      expect((await harness.send(socket, link.batch([quaternion]))).ok).toBe(true);
    }
    await harness.settle();
    const flight = await getModels(harness.database.connection)
      .Flight.findOne({ linkId: 'raw-link', sysId: 22 })
      .lean();
    const stream = await openRawTlogStream(harness.database.connection, flight!._id.toHexString());
    const expected = Buffer.concat(
      sent.filter((f) => f.bytes[5] === 22).map((f) => encodeTlogRecord(f.tUs, f.bytes)),
    );

    expect((await streamBytes(stream!)).equals(expected)).toBe(true);
  });

  it('folds batches logged before a restart once the link comes back', async () => {
    const vehicle = new ScriptedVehicle(23);
    const link = new ScriptedLink('restart-link');
    const batches = [0, 1, 2].map((i) =>
      link.batch(
        framesOver([vehicle], T0_US + i * 1e6, T0_US + (i + 1) * 1e6, STEP_US, () => armedOnPad),
      ),
    );
    // Logged and acked by a server that stopped before folding them.
    for (const batch of batches) {
      expect(
        await appendBatch(harness.db, batch, { apiKeyId: 'k', rangeId: null }, Date.now()),
      ).toBe('stored');
    }

    const { lastStoredSeq } = await harness.connectLink('restart-link');
    await harness.settle();

    expect(lastStoredSeq).toBe(2);
    const flight = await getModels(harness.database.connection)
      .Flight.findOne({ linkId: 'restart-link' })
      .lean();
    const series = await readSeries(harness.database.connection, flight!._id.toHexString(), {
      channels: ['latDeg'],
    });
    expect(series?.series[0]?.tUs).toHaveLength(15);
    // Folded: nothing left for the next server to fold again.
    const stored = await ingestCollections(harness.db).links.findOne({ _id: 'restart-link' });
    expect(stored?.appliedSeq).toBe(2);
    expect(await unappliedBatches(harness.db, 'restart-link', stored!.appliedSeq)).toEqual([]);
  });

  it('refuses a connection without a valid API key', async () => {
    await expect(
      harness.connectLink('keyless-link', 'sortie_000000000000_' + 'x'.repeat(43)),
    ).rejects.toThrow(/API key unknown or revoked/);
  });
});
