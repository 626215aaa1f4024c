import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSeries } from '../../../server/store/flights/readSeries.js';
import {
  appendBatches,
  dropFoldedSegments,
  loggedSeqs,
  moveSharedBatchLog,
  unappliedBatches,
  type BatchToLog,
} from '../../../server/store/ingest/batchLog.js';
import {
  BATCH_LOG_SEGMENT_SEQS,
  batchKey,
  batchLogDb,
  linkSegments,
} from '../../../server/store/ingest/ingestCollections.js';
import { getModels } from '../../../server/store/models/models.js';
import type { IngestBatch } from '../../../telemetry/contract/ingest.js';
import { IngestHarness } from './ingestHarness.js';
import { framesOver, ScriptedLink, ScriptedVehicle } from './scriptedVehicle.js';

const T0_US = 1_782_000_000_000_000;
const STEP_US = 200_000;
/** Armed on the pad: a vehicle that never arms makes no flight to read back. */
const armedOnPad = { armed: true, latDeg: 37.5, lonDeg: 127.0, altRelM: 0 };
/** Seqs from just before a segment's end to a little past it. */
const ACROSS_END = BATCH_LOG_SEGMENT_SEQS - 6;

/** `count` one-second batches of one vehicle (five positions each), seq 0 upwards. */
function batchesOf(linkId: string, count: number): IngestBatch[] {
  const vehicle = new ScriptedVehicle(7);
  const link = new ScriptedLink(linkId);
  return Array.from({ length: count }, (_, i) =>
    link.batch(
      framesOver([vehicle], T0_US + i * 1e6, T0_US + (i + 1) * 1e6, STEP_US, () => armedOnPad),
    ),
  );
}

function toLog(batches: IngestBatch[]): BatchToLog[] {
  return batches.map((batch) => ({
    batch,
    source: { apiKeyId: 'k', rangeId: null },
    receivedAtMs: Date.now(),
  }));
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe('batch log segments', () => {
  let harness: IngestHarness;

  beforeAll(async () => {
    harness = await IngestHarness.start('batchLogSegments');
  });
  afterAll(async () => {
    await harness?.stop();
  });

  it('stores a write that straddles a segment end in both segments, and finds a resend in its own', async () => {
    const batches = batchesOf('straddle-link', BATCH_LOG_SEGMENT_SEQS + 8).slice(ACROSS_END);

    const first = await appendBatches(harness.db, toLog(batches.slice(0, 10)));
    const again = await appendBatches(harness.db, toLog(batches.slice(4, 14)));

    expect(first).toEqual(range(0, 10).map(() => 'stored'));
    expect(again).toEqual([
      ...range(4, 10).map(() => 'duplicate'),
      ...range(10, 14).map(() => 'stored'),
    ]);
    expect(await linkSegments(harness.db, 'straddle-link')).toEqual([0, 1]);
    expect(await loggedSeqs(harness.db, 'straddle-link')).toEqual(
      range(ACROSS_END, BATCH_LOG_SEGMENT_SEQS + 8),
    );
    const unapplied = await unappliedBatches(
      harness.db,
      'straddle-link',
      BATCH_LOG_SEGMENT_SEQS - 2,
    );
    expect(unapplied.map(({ seq }) => seq)).toEqual(
      range(BATCH_LOG_SEGMENT_SEQS - 1, BATCH_LOG_SEGMENT_SEQS + 8),
    );
  });

  it('drops a segment only once every batch in it is folded', async () => {
    const batches = batchesOf('drop-link', BATCH_LOG_SEGMENT_SEQS + 4).slice(ACROSS_END);
    await appendBatches(harness.db, toLog(batches));

    await dropFoldedSegments(harness.db, 'drop-link', BATCH_LOG_SEGMENT_SEQS - 2);
    expect(await linkSegments(harness.db, 'drop-link')).toEqual([0, 1]);
    await dropFoldedSegments(harness.db, 'drop-link', BATCH_LOG_SEGMENT_SEQS - 1);
    expect(await linkSegments(harness.db, 'drop-link')).toEqual([1]);
    expect(await loggedSeqs(harness.db, 'drop-link')).toEqual(
      range(BATCH_LOG_SEGMENT_SEQS, BATCH_LOG_SEGMENT_SEQS + 4),
    );
    // Another link's segments are not its own.
    expect(await linkSegments(harness.db, 'straddle-link')).toEqual([0, 1]);
  });

  it('moves the batches a server before segments left in the shared log into segments', async () => {
    const batches = batchesOf('shared-link', 3);
    const shared = batchLogDb(harness.db).collection('ingestBatches');
    await shared.insertMany(
      batches.map((batch) => ({
        _id: batchKey(batch.linkId, batch.seq),
        linkId: batch.linkId,
        seq: batch.seq,
      })) as never,
    );

    await moveSharedBatchLog(harness.db);

    expect(await loggedSeqs(harness.db, 'shared-link')).toEqual([0, 1, 2]);
    const left = await batchLogDb(harness.db).listCollections({ name: 'ingestBatches' }).toArray();
    expect(left).toEqual([]);
  });

  it('folds a link that streams past a segment end and drops the folded segment as it goes', async () => {
    const count = BATCH_LOG_SEGMENT_SEQS + 20;
    const batches = batchesOf('streaming-link', count);
    const { socket } = await harness.connectLink('streaming-link');
    for (let from = 0; from < count; from += 32) {
      const acks = await Promise.all(
        batches.slice(from, from + 32).map((b) => harness.send(socket, b)),
      );
      expect(acks.every((ack) => ack.ok)).toBe(true);
    }
    await harness.settle();

    expect(await linkSegments(harness.db, 'streaming-link')).toEqual([1]);
    const flight = await getModels(harness.database.connection)
      .Flight.findOne({ linkId: 'streaming-link' })
      .lean();
    const series = await readSeries(harness.database.connection, flight!._id.toHexString(), {
      channels: ['latDeg'],
    });
    expect(series?.series[0]?.tUs).toHaveLength(count * 5);
    socket.disconnect();
    await harness.linkReleased('streaming-link');

    // A server that died after storing how far it folded, before dropping the folded segment,
    // leaves it behind; the next one to take the link drops it and folds none of it again.
    await appendBatches(harness.db, toLog(batches.slice(0, 3)));
    const again = await harness.connectLink('streaming-link');
    await harness.settle();
    expect(again.lastStoredSeq).toBe(count - 1);
    expect(await linkSegments(harness.db, 'streaming-link')).toEqual([1]);
    const afterRestart = await readSeries(harness.database.connection, flight!._id.toHexString(), {
      channels: ['latDeg'],
    });
    expect(afterRestart?.series[0]?.tUs).toEqual(series?.series[0]?.tUs);
    again.socket.disconnect();
  });
});
