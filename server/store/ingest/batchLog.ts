import { Binary, BSON, MongoBulkWriteError, MongoServerError, type Db } from '../driver.js';
import type { IngestBatch } from '../../../telemetry/contract/ingest.js';
import {
  batchKey,
  batchLogDb,
  batchLogSegment,
  DURABLE,
  linkSegments,
  segmentEndSeq,
  segmentOf,
  type BatchPayload,
  type StoredBatch,
} from './ingestCollections.js';

const NAMESPACE_NOT_FOUND = 26;

/** Who sent a batch, as the log records it. */
export interface BatchSource {
  apiKeyId: string;
  rangeId: string | null;
}

/** A batch to log, with the server time it arrived. */
export interface BatchToLog {
  batch: IngestBatch;
  source: BatchSource;
  receivedAtMs: number;
}

/**
 * Stores an accepted batch in the write-ahead log: one document, so it is all there or not at
 * all. 'duplicate' when this (linkId, seq) is already stored.
 */
export async function appendBatch(
  db: Db,
  batch: IngestBatch,
  source: BatchSource,
  receivedAtMs: number,
): Promise<'stored' | 'duplicate'> {
  const [outcome] = await appendBatches(db, [{ batch, source, receivedAtMs }]);
  return outcome!;
}

/**
 * Stores several batches, in the order given (rising seq), in journaled writes: one ordered
 * insert per log segment they fall in (one, unless they straddle a segment's end), which
 * FerretDB's SQLite commits as one transaction (one fsync) and mongod in one journal commit.
 * Each batch is one document, all there or not at all. Returns per batch 'stored' or
 * 'duplicate' (its (linkId, seq) was already in the log). Any other failure throws; being
 * ordered, the writes then stored a leading part of the batches and none after it, so the log
 * never holds a later batch without the earlier ones of the same call.
 */
export async function appendBatches(
  db: Db,
  entries: readonly BatchToLog[],
): Promise<('stored' | 'duplicate')[]> {
  const outcomes: ('stored' | 'duplicate')[] = [];
  for (const run of runsBySegment(entries)) outcomes.push(...(await appendToSegment(db, run)));
  return outcomes;
}

/** Consecutive entries of the same log segment. */
function runsBySegment(entries: readonly BatchToLog[]): BatchToLog[][] {
  const runs: BatchToLog[][] = [];
  const keyOf = ({ batch }: BatchToLog) => `${batch.linkId}\n${segmentOf(batch.seq)}`;
  entries.forEach((entry, i) => {
    if (i > 0 && keyOf(entry) === keyOf(entries[i - 1]!)) runs.at(-1)!.push(entry);
    else runs.push([entry]);
  });
  return runs;
}

async function appendToSegment(
  db: Db,
  entries: readonly BatchToLog[],
): Promise<('stored' | 'duplicate')[]> {
  const { linkId, seq } = entries[0]!.batch;
  const segment = batchLogSegment(db, linkId, segmentOf(seq));
  const outcomes: ('stored' | 'duplicate')[] = [];
  while (outcomes.length < entries.length) {
    const rest = entries.slice(outcomes.length);
    const documents = rest.map(({ batch, source, receivedAtMs }) =>
      storedBatchDocument(batch, source, receivedAtMs),
    );
    try {
      await segment.insertMany(documents, { ordered: true, ...DURABLE });
      outcomes.push(...rest.map(() => 'stored' as const));
    } catch (error) {
      const duplicateAt = duplicateIndex(error);
      if (duplicateAt === null) throw error;
      // Those before it are stored; it is a duplicate; those after it were not tried.
      outcomes.push(...rest.slice(0, duplicateAt).map(() => 'stored' as const), 'duplicate');
    }
  }
  return outcomes;
}

/** Where an ordered insert stopped on a duplicate key, or null for any other error. */
function duplicateIndex(error: unknown): number | null {
  if (error instanceof MongoBulkWriteError) {
    const [first, ...others] = [error.writeErrors].flat();
    return first && others.length === 0 && first.code === 11000 ? first.index : null;
  }
  // A server may report a lone document's duplicate key as the command's own error.
  if (error instanceof MongoServerError && error.code === 11000) return 0;
  return null;
}

function storedBatchDocument(
  batch: IngestBatch,
  source: BatchSource,
  receivedAtMs: number,
): StoredBatch {
  return {
    _id: batchKey(batch.linkId, batch.seq),
    linkId: batch.linkId,
    seq: batch.seq,
    receivedAtMs,
    apiKeyId: source.apiKeyId,
    rangeId: source.rangeId,
    sentAtUs: batch.sentAtUs,
    payload: new Binary(
      BSON.serialize({
        samples: batch.samples,
        events: batch.events,
        linkStats: batch.linkStats,
        decodeStats: batch.decodeStats,
      }),
    ),
    rawTlog: new Binary(batch.rawTlog),
  };
}

/** Batches of a link not yet folded into flights, oldest first (recovery after a restart). */
export async function unappliedBatches(
  db: Db,
  linkId: string,
  appliedSeq: number | null,
): Promise<StoredBatch[]> {
  const after = appliedSeq ?? -1;
  const stored: StoredBatch[] = [];
  for (const segment of await linkSegments(db, linkId)) {
    if (segmentEndSeq(segment) <= after) continue;
    stored.push(
      ...(await batchLogSegment(db, linkId, segment)
        .find({ seq: { $gt: after } })
        .sort({ seq: 1 })
        .toArray()),
    );
  }
  return stored;
}

/** The seqs of a link's batches in the log, folded or not, in order (tests, diagnostics). */
export async function loggedSeqs(db: Db, linkId: string): Promise<number[]> {
  const seqs: number[] = [];
  for (const segment of await linkSegments(db, linkId)) {
    const documents = await batchLogSegment(db, linkId, segment)
      .find({}, { projection: { seq: 1 } })
      .toArray();
    seqs.push(...documents.map(({ seq }) => seq).sort((a, b) => a - b));
  }
  return seqs;
}

/**
 * Drops the link's log segments whose every batch is folded into flights: their data now
 * lives in buckets, events and raw pieces. A segment is dropped whole, which costs the same
 * however many batches it holds; deleting batches one by one would cost FerretDB a pass over
 * the log each time. Batches at or below `appliedSeq` in the segment still being filled stay
 * until it is dropped in turn; readers skip them by seq.
 */
export async function dropFoldedSegments(
  db: Db,
  linkId: string,
  appliedSeq: number | null,
): Promise<void> {
  if (appliedSeq === null) return;
  for (const segment of await linkSegments(db, linkId)) {
    if (segmentEndSeq(segment) > appliedSeq) continue;
    await batchLogSegment(db, linkId, segment)
      .drop()
      .catch((error: unknown) => {
        // Dropped meanwhile (or never created): nothing left to remove.
        if (!(error instanceof MongoServerError && error.code === NAMESPACE_NOT_FOUND)) throw error;
      });
  }
}

export function rawTlogBytes(stored: StoredBatch): Uint8Array {
  return new Uint8Array(stored.rawTlog.buffer);
}

export function batchPayload(stored: StoredBatch): BatchPayload {
  return BSON.deserialize(stored.payload.buffer) as BatchPayload;
}

/**
 * Moves what a server before segmented logs left in its one shared log collection into the
 * segments, then drops it: those batches are acked and must still be folded.
 */
export async function moveSharedBatchLog(db: Db): Promise<void> {
  const shared = batchLogDb(db).collection<StoredBatch>('ingestBatches');
  const [exists] = await batchLogDb(db)
    .listCollections({ name: 'ingestBatches' }, { nameOnly: true })
    .toArray();
  if (!exists) return;
  for await (const batch of shared.find({}).sort({ linkId: 1, seq: 1 })) {
    await batchLogSegment(db, batch.linkId, segmentOf(batch.seq)).replaceOne(
      { _id: batch._id },
      batch,
      { upsert: true, ...DURABLE },
    );
  }
  await shared.drop();
}
