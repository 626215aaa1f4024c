import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSeries } from '../../../server/store/flights/readSeries.js';
import { appendBatch, loggedSeqs } from '../../../server/store/ingest/batchLog.js';
import type { BatchData } from '../../../server/ingest/linkCompactor.js';
import {
  LinkBatchLogWriter,
  type BatchForLog,
} from '../../../server/store/ingest/linkBatchLogWriter.js';
import { getModels } from '../../../server/store/models/models.js';
import type { IngestBatch } from '../../../telemetry/contract/ingest.js';
import type { AnySample } from '../../../telemetry/model/sample.js';
import { IngestHarness } from './ingestHarness.js';
import { framesOver, ScriptedLink, ScriptedVehicle } from './scriptedVehicle.js';

const T0_US = 1_780_000_000_000_000;
const STEP_US = 200_000;
const SAMPLES_PER_BATCH = 5;
/** Armed on the pad: a vehicle that never arms makes no flight to read back. */
const armedOnPad = { armed: true, latDeg: 37.5, lonDeg: 127.0, altRelM: 0 };

/** `count` one-second batches of one vehicle, seq 0 upwards. */
function batchesOf(linkId: string, sysId: number, count: number): IngestBatch[] {
  const vehicle = new ScriptedVehicle(sysId);
  const link = new ScriptedLink(linkId);
  return Array.from({ length: count }, (_, i) =>
    link.batch(
      framesOver([vehicle], T0_US + i * 1e6, T0_US + (i + 1) * 1e6, STEP_US, () => armedOnPad),
    ),
  );
}

function forLog(batch: IngestBatch): BatchForLog {
  const data: BatchData = { ...batch, samples: batch.samples as AnySample[] };
  return {
    batch,
    source: { apiKeyId: 'k', rangeId: null },
    receivedAtMs: Date.now(),
    data,
    rawRecords: [],
  };
}

describe('/ingest group commit', () => {
  let harness: IngestHarness;

  beforeAll(async () => {
    harness = await IngestHarness.start('groupCommit');
  });
  afterAll(async () => {
    await harness?.stop();
  });

  async function storedLatitudeTimes(linkId: string): Promise<number[]> {
    const flight = await getModels(harness.database.connection).Flight.findOne({ linkId }).lean();
    const series = await readSeries(harness.database.connection, flight!._id.toHexString(), {
      channels: ['latDeg'],
    });
    return series?.series[0]?.tUs ?? [];
  }

  it('logs the batches that arrive during a write as one group and acks each once stored', async () => {
    const batches = batchesOf('group-link', 31, 12);
    const { socket } = await harness.connectLink('group-link');

    // The whole window at once, as a link that is behind sends it.
    const acks = await Promise.all(batches.map((batch) => harness.send(socket, batch)));
    await harness.settle();

    expect(acks).toEqual(batches.map(({ seq }) => ({ ok: true, seq, duplicate: false })));
    expect(harness.hubs.registry.writerOf('group-link')!.writes).toBeLessThan(batches.length);
    const times = await storedLatitudeTimes('group-link');
    expect(times).toHaveLength(batches.length * SAMPLES_PER_BATCH);
    expect(new Set(times).size).toBe(times.length);
  });

  it('stores once what a second socket of the link resends while the first is still in flight', async () => {
    const batches = batchesOf('overlap-link', 32, 10);
    const first = await harness.connectLink('overlap-link');
    const firstAcks = Promise.all(batches.slice(0, 8).map((b) => harness.send(first.socket, b)));
    // The link gave up on the first connection and resends from seq 4 on a second one.
    const second = await harness.connectLink('overlap-link');
    const secondAcks = await Promise.all(
      batches.slice(4).map((b) => harness.send(second.socket, b)),
    );
    await harness.settle();

    expect(await firstAcks).toEqual(
      batches.slice(0, 8).map(({ seq }) => ({ ok: true, seq, duplicate: false })),
    );
    expect(secondAcks).toEqual(
      batches.slice(4).map(({ seq }) => ({ ok: true, seq, duplicate: seq < 8 })),
    );
    const times = await storedLatitudeTimes('overlap-link');
    expect(times).toHaveLength(batches.length * SAMPLES_PER_BATCH);
    expect(new Set(times).size).toBe(times.length);
  });

  it('folds a resent batch that an earlier write logged although its answer was lost', async () => {
    const batches = batchesOf('lost-answer-link', 33, 3);
    const { socket } = await harness.connectLink('lost-answer-link');
    expect(await harness.send(socket, batches[0]!)).toEqual({ ok: true, seq: 0, duplicate: false });
    // Seq 1 reached the log, but the write's answer never came back (an error after commit).
    await appendBatch(harness.db, batches[1]!, { apiKeyId: 'k', rangeId: null }, Date.now());

    expect(await harness.send(socket, batches[1]!)).toEqual({ ok: true, seq: 1, duplicate: true });
    expect(await harness.send(socket, batches[2]!)).toEqual({ ok: true, seq: 2, duplicate: false });
    await harness.settle();

    const times = await storedLatitudeTimes('lost-answer-link');
    expect(times).toHaveLength(3 * SAMPLES_PER_BATCH);
    expect(new Set(times).size).toBe(times.length);
  });

  it('fails a write the database refuses and every batch waiting behind it, storing none of them', async () => {
    const batches = batchesOf('refused-link', 34, 4);
    const folded: number[] = [];
    const sink = {
      lastStoredSeq: null as number | null,
      enqueue(batch: BatchData) {
        folded.push(batch.seq);
        sink.lastStoredSeq = batch.seq;
      },
    };
    const writer = new LinkBatchLogWriter({ db: () => harness.db, sink, maxGroupBatches: 1 });
    // Past the database's 16 MB document limit: the write of seq 1 is refused.
    const oversized = { ...batches[1]!, rawTlog: new Uint8Array(17 * 1024 * 1024) };

    const outcomes = await Promise.allSettled(
      [batches[0]!, oversized, batches[2]!, batches[3]!].map((b) => writer.write(forLog(b))),
    );

    expect(outcomes.map((o) => o.status)).toEqual([
      'fulfilled',
      'rejected',
      'rejected',
      'rejected',
    ]);
    expect(folded).toEqual([0]);
    expect(await loggedSeqs(harness.db, 'refused-link')).toEqual([0]);
  });
});
