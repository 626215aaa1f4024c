import {
  Binary,
  BSON,
  MongoBulkWriteError,
  MongoServerError,
  type Db,
} from '../flights/mongoDriver.js';
import type { IngestBatch } from '../../telemetry/contract/ingest.js';
import {
  batchKey,
  DURABLE,
  ingestCollections,
  type BatchPayload,
  type StoredBatch,
} from './ingestCollections.js';

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
 * Stores several batches, in the order given, in one journaled write: one ordered insert,
 * which FerretDB's SQLite commits as one transaction (one fsync) and mongod in one journal
 * commit. Each batch is one document, all there or not at all. Returns per batch 'stored' or
 * 'duplicate' (its (linkId, seq) was already in the log). Any other failure throws; being
 * ordered, the write then stored a leading part of the batches and none after it, so the log
 * never holds a later batch without the earlier ones of the same write.
 */
export async function appendBatches(
  db: Db,
  entries: readonly BatchToLog[],
): Promise<('stored' | 'duplicate')[]> {
  const outcomes: ('stored' | 'duplicate')[] = [];
  const { batches } = ingestCollections(db);
  while (outcomes.length < entries.length) {
    const rest = entries.slice(outcomes.length);
    const documents = rest.map(({ batch, source, receivedAtMs }) =>
      storedBatchDocument(batch, source, receivedAtMs),
    );
    try {
      await batches.insertMany(documents, { ordered: true, ...DURABLE });
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
  return ingestCollections(db)
    .batches.find({ linkId, seq: { $gt: appliedSeq ?? -1 } })
    .sort({ seq: 1 })
    .toArray();
}

/** Removes folded batches: their data now lives in buckets, events and raw pieces. */
export async function pruneBatches(db: Db, linkId: string, seqs: number[]): Promise<void> {
  if (seqs.length === 0) return;
  await ingestCollections(db).batches.deleteMany({
    _id: { $in: seqs.map((seq) => batchKey(linkId, seq)) },
  });
}

export function rawTlogBytes(stored: StoredBatch): Uint8Array {
  return new Uint8Array(stored.rawTlog.buffer);
}

export function batchPayload(stored: StoredBatch): BatchPayload {
  return BSON.deserialize(stored.payload.buffer) as BatchPayload;
}
