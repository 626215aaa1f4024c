import type { Db } from '../driver.js';
import { appendBatches, type BatchToLog } from './batchLog.js';
import type { BatchData } from '../../ingest/linkCompactor.js';
import type { RawRecord } from '../../ingest/rawTlogBySystem.js';

/** A validated batch on its way into the log, and what the compactor folds once it is there. */
export interface BatchForLog extends BatchToLog {
  data: BatchData;
  rawRecords: RawRecord[];
}

/** The part of the link's compactor the writer needs: where the log ends, and the hand-over. */
export interface LoggedBatchSink {
  /** Highest seq in the log for this link, or null before the first. */
  readonly lastStoredSeq: number | null;
  /** Called once per newly logged batch, in seq order. */
  enqueue(batch: BatchData, rawRecords: RawRecord[]): void;
}

export interface LinkBatchLogWriterOptions {
  db: () => Db;
  sink: LoggedBatchSink;
  /** Most batches in one write; FerretDB commits up to 100 documents of an insert at once. */
  maxGroupBatches?: number;
  /** Most raw bytes in one write, so a group stays far below the wire's message limit [bytes]. */
  maxGroupRawBytes?: number;
}

interface Waiting {
  entry: BatchForLog;
  resolve: (outcome: 'stored' | 'duplicate') => void;
  reject: (error: unknown) => void;
}

const DEFAULT_MAX_GROUP_BATCHES = 100;
const DEFAULT_MAX_GROUP_RAW_BYTES = 16 * 1024 * 1024;

/**
 * Group commit for one ground-link's batch log. While one write is running, the batches that
 * arrive (from a link keeping several in flight, or from two sockets of one link) wait; the
 * next write takes all of them as one journaled insert, so the database pays one commit (one
 * fsync on FerretDB's SQLite) for the group instead of one per batch. Each batch's promise
 * settles only after the write that holds it is durable, so an ack still means stored.
 *
 * Per link the log stays gap-free and in seq order: a group is written in seq order and
 * stops at its first failure, and when a write fails every batch waiting behind it fails too,
 * so a later batch is never stored ahead of one that must be resent.
 */
export class LinkBatchLogWriter {
  private queue: Waiting[] = [];
  private writing = false;
  /** Inserts issued, for tests and diagnostics. */
  writes = 0;

  constructor(private readonly options: LinkBatchLogWriterOptions) {}

  /** Resolves once the batch is in the log ('duplicate' if it already was); rejects if not. */
  write(entry: BatchForLog): Promise<'stored' | 'duplicate'> {
    return new Promise((resolve, reject) => {
      this.queue.push({ entry, resolve, reject });
      if (!this.writing) void this.run();
    });
  }

  private async run(): Promise<void> {
    this.writing = true;
    while (this.queue.length > 0) {
      const group = this.takeGroup();
      try {
        await this.writeGroup(group);
      } catch (error) {
        for (const waiting of [...group, ...this.queue.splice(0)]) waiting.reject(error);
      }
    }
    this.writing = false;
  }

  private takeGroup(): Waiting[] {
    const maxBatches = this.options.maxGroupBatches ?? DEFAULT_MAX_GROUP_BATCHES;
    const maxRawBytes = this.options.maxGroupRawBytes ?? DEFAULT_MAX_GROUP_RAW_BYTES;
    let count = 0;
    let rawBytes = 0;
    for (const { entry } of this.queue) {
      rawBytes += entry.batch.rawTlog.byteLength;
      if (count > 0 && (count >= maxBatches || rawBytes > maxRawBytes)) break;
      count++;
    }
    return this.queue.splice(0, count);
  }

  private async writeGroup(group: Waiting[]): Promise<void> {
    const { sink } = this.options;
    // The same seq twice (a resend on a second socket of the link) is written once.
    const bySeq = new Map<number, Waiting[]>();
    for (const waiting of group) {
      const seq = waiting.entry.batch.seq;
      bySeq.set(seq, [...(bySeq.get(seq) ?? []), waiting]);
    }
    const seqs = [...bySeq.keys()].sort((a, b) => a - b);
    const logEnd = sink.lastStoredSeq;
    const toLog = seqs.filter((seq) => logEnd === null || seq > logEnd);
    const firstOf = (seq: number) => bySeq.get(seq)![0]!.entry;
    this.writes++;
    const outcomes = await appendBatches(this.options.db(), toLog.map(firstOf));
    const outcomeOf = new Map(toLog.map((seq, i) => [seq, outcomes[i]!]));
    for (const seq of toLog) {
      // A 'duplicate' above the log's end was logged by an earlier write whose answer never
      // came back (an error after the commit): the compactor has not seen it, so it still must.
      const entry = firstOf(seq);
      sink.enqueue(entry.data, entry.rawRecords);
    }
    for (const seq of seqs) {
      const [first, ...repeats] = bySeq.get(seq)!;
      first!.resolve(outcomeOf.get(seq) ?? 'duplicate');
      for (const repeat of repeats) repeat.resolve('duplicate');
    }
  }
}
