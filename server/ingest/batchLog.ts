import { Binary, BSON, MongoServerError, type Db } from '../flights/mongoDriver.js';
import type { IngestBatch } from '../../telemetry/contract/ingest.js';
import {
  batchKey,
  DURABLE,
  ingestCollections,
  type BatchPayload,
  type StoredBatch,
} from './ingestCollections.js';

/**
 * Stores an accepted batch in the write-ahead log: one document, so it is all there or not at
 * all. 'duplicate' when this (linkId, seq) is already stored.
 */
export async function appendBatch(
  db: Db,
  batch: IngestBatch,
  source: { apiKeyId: string; rangeId: string | null },
  receivedAtMs: number,
): Promise<'stored' | 'duplicate'> {
  const document: StoredBatch = {
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
  try {
    await ingestCollections(db).batches.insertOne(document, DURABLE);
    return 'stored';
  } catch (error) {
    if (error instanceof MongoServerError && error.code === 11000) return 'duplicate';
    throw error;
  }
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
