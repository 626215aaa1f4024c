import { LinkBatchLogWriter } from '../store/ingest/linkBatchLogWriter.js';
import { LinkCompactor, type LinkCompactorOptions } from './linkCompactor.js';
import type { LinkLeases } from '../store/ingest/linkLeases.js';

interface Entry {
  compactor: LinkCompactor;
  writer: LinkBatchLogWriter;
  users: number;
  started: Promise<{ lastStoredSeq: number | null }>;
}

/**
 * The links this server process compacts. Two sockets of one link (a reconnect that overlaps
 * the old connection) share one log writer and one compactor, so a link's batches are always
 * logged and folded in order. With `leases`, a link is served only while this process holds
 * its lease, so no other server instance folds it at the same time.
 */
export class LinkRegistry {
  private readonly entries = new Map<string, Entry>();
  /** Compactors of released links still finishing their queue; a new one waits for them. */
  private readonly stopping = new Map<string, Promise<void>>();

  constructor(
    private readonly makeOptions: (
      linkId: string,
      apiKeyId: string,
      rangeId: string | null,
    ) => LinkCompactorOptions,
    private readonly leases?: LinkLeases,
  ) {}

  async acquire(
    linkId: string,
    apiKeyId: string,
    rangeId: string | null,
  ): Promise<{
    compactor: LinkCompactor;
    writer: LinkBatchLogWriter;
    lastStoredSeq: number | null;
  }> {
    // A link that reconnects while its last compactor is still folding waits for it: two
    // compactors of one link would fold the same batches into the same vehicle states.
    let stopping = this.stopping.get(linkId);
    while (!this.entries.has(linkId) && stopping) {
      await stopping;
      stopping = this.stopping.get(linkId);
    }
    let entry = this.entries.get(linkId);
    if (!entry) {
      const options = this.makeOptions(linkId, apiKeyId, rangeId);
      const compactor = new LinkCompactor(options);
      const writer = new LinkBatchLogWriter({
        db: () => {
          const db = options.connection.db;
          if (!db) throw new Error('database connection is not open');
          return db;
        },
        sink: compactor,
      });
      const leases = this.leases;
      const started = leases
        ? leases.take(linkId).then(() =>
            compactor.start().catch(async (error: unknown) => {
              await leases.release(linkId).catch(() => {});
              throw error;
            }),
          )
        : compactor.start();
      entry = { compactor, writer, users: 0, started };
      this.entries.set(linkId, entry);
      entry.started.catch(() => this.entries.delete(linkId));
    }
    entry.users++;
    try {
      await entry.started;
      return {
        compactor: entry.compactor,
        writer: entry.writer,
        lastStoredSeq: entry.compactor.lastStoredSeq,
      };
    } catch (error) {
      entry.users--;
      throw error;
    }
  }

  async release(linkId: string): Promise<void> {
    const entry = this.entries.get(linkId);
    if (!entry) return;
    entry.users--;
    if (entry.users > 0) return;
    this.entries.delete(linkId);
    const stopped = entry.compactor.stop().finally(() => {
      // A failed release lapses on its own after the lease's time.
      if (!this.entries.has(linkId)) return this.leases?.release(linkId).catch(() => {});
    });
    const settled: Promise<void> = stopped
      .catch(() => {})
      .finally(() => {
        if (this.stopping.get(linkId) === settled) this.stopping.delete(linkId);
      });
    this.stopping.set(linkId, settled);
    await stopped;
  }

  /** The log writer of a link this process serves, if any (tests and diagnostics). */
  writerOf(linkId: string): LinkBatchLogWriter | undefined {
    return this.entries.get(linkId)?.writer;
  }

  has(linkId: string): boolean {
    return this.entries.has(linkId);
  }

  compactors(): LinkCompactor[] {
    return [...this.entries.values()].map((entry) => entry.compactor);
  }

  async closeAll(): Promise<void> {
    const entries = [...this.entries.values()];
    this.entries.clear();
    await Promise.all(entries.map((entry) => entry.compactor.stop()));
    await this.leases?.releaseAll();
  }
}
