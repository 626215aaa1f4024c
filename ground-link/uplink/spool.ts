import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { IngestBatch } from '../../telemetry/contract/ingest.js';
import { decodeBatch, encodeBatch } from './batchCodec.js';

export interface SpooledBatch {
  seq: number;
  path: string;
  sizeBytes: number;
}

export class SpoolFullError extends Error {
  override readonly name = 'SpoolFullError';
}

const BATCH_FILE = /^(\d{16})\.batch$/;
/** Holds the highest seq acked, so seq keeps increasing after the spool has emptied. */
const LAST_ACKED_FILE = 'last-acked-seq';

/**
 * The uplink's store-and-forward buffer on disk: one file per batch, named by its seq, written
 * to a temporary name, fsynced and renamed, so a crash leaves either the whole batch or none.
 * A batch leaves the spool only when the server has acked it as stored.
 *
 * A batch is pending from the moment its append starts, so the uplink can send it while its
 * file is still being written: the fsyncs (tens to hundreds of ms on a busy disk) stay off the
 * live path. That loses nothing: until the write is done a crash loses the batch whether it
 * was sent or not, and once the server acks it the server holds it. Its removal waits for the
 * write, so an acked batch's file never appears after it was deleted.
 */
export class Spool {
  private readonly batches: SpooledBatch[] = [];
  private bytes = 0;
  private nextSeqValue = 0;
  /** Batches whose file is not written yet, with their contents and when the write ends. */
  private readonly unwritten = new Map<number, { batch: IngestBatch; written: Promise<void> }>();
  /** Files are written one after another, in seq order. */
  private writing: Promise<void> = Promise.resolve();
  private highestRemovedSeq = -1;
  private lastAckedWriting: Promise<void> = Promise.resolve();

  private constructor(
    readonly directory: string,
    readonly capBytes: number,
  ) {}

  /** Opens (or creates) a spool folder and lists the batches still waiting for an ack. */
  static async open(directory: string, capBytes: number): Promise<Spool> {
    await mkdir(directory, { recursive: true });
    const spool = new Spool(directory, capBytes);
    const names = (await readdir(directory)).sort();
    for (const name of names) {
      const match = BATCH_FILE.exec(name);
      if (!match) continue;
      const path = join(directory, name);
      const sizeBytes = (await stat(path)).size;
      spool.batches.push({ seq: Number(match[1]), path, sizeBytes });
      spool.bytes += sizeBytes;
    }
    const lastAcked = await readFile(join(directory, LAST_ACKED_FILE), 'utf8').then(
      (text) => Number.parseInt(text, 10),
      () => -1,
    );
    const lastSpooled = spool.batches.at(-1)?.seq ?? -1;
    spool.nextSeqValue = Math.max(lastAcked, lastSpooled, -1) + 1;
    return spool;
  }

  /** Batches waiting for an ack, oldest first. */
  get pending(): readonly SpooledBatch[] {
    return this.batches;
  }

  get sizeBytes(): number {
    return this.bytes;
  }

  /** The seq the next batch must carry; taking it reserves it. */
  takeSeq(): number {
    return this.nextSeqValue++;
  }

  /** Never hand out a seq the server already holds (it announces its last one on connect). */
  raiseSeqFloor(lastStoredSeq: number): void {
    this.nextSeqValue = Math.max(this.nextSeqValue, lastStoredSeq + 1);
  }

  /**
   * Stores a batch durably; it is pending (readable, sendable) as soon as this is called, and
   * the promise resolves once it is on disk. Throws SpoolFullError (nothing listed or written)
   * when it would pass the cap. If the write fails the batch leaves the list and this rejects.
   */
  append(batch: IngestBatch): Promise<SpooledBatch> {
    const last = this.batches.at(-1);
    if (last && batch.seq <= last.seq) {
      return Promise.reject(
        new Error(`Spool: batch seq ${batch.seq} is not above the last spooled ${last.seq}`),
      );
    }
    const bytes = encodeBatch(batch);
    if (this.bytes + bytes.length > this.capBytes) {
      return Promise.reject(
        new SpoolFullError(
          `Spool ${this.directory} is full (${this.bytes} bytes of ${this.capBytes}); batch ${batch.seq} was not stored`,
        ),
      );
    }
    const path = join(this.directory, `${String(batch.seq).padStart(16, '0')}.batch`);
    const spooled = { seq: batch.seq, path, sizeBytes: bytes.length };
    this.batches.push(spooled);
    this.bytes += bytes.length;
    const written = this.writing.then(async () => {
      await writeDurably(path, bytes);
      await syncDirectory(this.directory);
    });
    this.writing = written.catch(() => {});
    this.unwritten.set(batch.seq, { batch, written });
    return written.then(
      () => {
        this.unwritten.delete(batch.seq);
        return spooled;
      },
      (error: unknown) => {
        this.unwritten.delete(batch.seq);
        this.forget(batch.seq);
        throw error;
      },
    );
  }

  async read(spooled: SpooledBatch): Promise<IngestBatch> {
    const unwritten = this.unwritten.get(spooled.seq);
    if (unwritten) return unwritten.batch;
    return decodeBatch(await readFile(spooled.path), spooled.path);
  }

  /** The server stored this batch (or already had it): it leaves the spool. */
  async remove(seq: number): Promise<void> {
    const spooled = this.forget(seq);
    if (!spooled) return;
    // Keep the seq alive once no batch file on disk carries a higher one (those still being
    // written do not count: a crash would lose them).
    const noFileLeft = this.batches.every((b) => this.unwritten.has(b.seq));
    // A failed write has nothing to delete (and its append reports the failure).
    await this.unwritten.get(seq)?.written.catch(() => {});
    if (noFileLeft) {
      this.highestRemovedSeq = Math.max(this.highestRemovedSeq, seq);
      const value = Buffer.from(String(this.highestRemovedSeq));
      const file = join(this.directory, LAST_ACKED_FILE);
      // One write at a time: two would share the temporary file.
      this.lastAckedWriting = this.lastAckedWriting
        .catch(() => {})
        .then(() => writeDurably(file, value));
      await this.lastAckedWriting;
    }
    await rm(spooled.path, { force: true });
  }

  /** A batch the server refuses for good is moved aside (kept as evidence), not resent forever. */
  async quarantine(seq: number): Promise<string | null> {
    const spooled = this.batches.find((b) => b.seq === seq);
    if (!spooled) return null;
    await this.unwritten.get(seq)?.written;
    const rejectedDir = join(this.directory, 'rejected');
    await mkdir(rejectedDir, { recursive: true });
    const target = join(rejectedDir, `${String(seq).padStart(16, '0')}.batch`);
    await rename(spooled.path, target);
    await this.remove(seq);
    return target;
  }

  /** Takes a batch off the list (its file, if any, stays). */
  private forget(seq: number): SpooledBatch | undefined {
    const index = this.batches.findIndex((b) => b.seq === seq);
    if (index < 0) return undefined;
    const [spooled] = this.batches.splice(index, 1);
    if (spooled) this.bytes -= spooled.sizeBytes;
    return spooled;
  }
}

async function writeDurably(path: string, bytes: Uint8Array): Promise<void> {
  const temporary = `${path}.tmp`;
  const file = await open(temporary, 'w');
  try {
    await file.writeFile(bytes);
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temporary, path);
}

async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
