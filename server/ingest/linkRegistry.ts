import { LinkCompactor, type LinkCompactorOptions } from './linkCompactor.js';

interface Entry {
  compactor: LinkCompactor;
  users: number;
  started: Promise<{ lastStoredSeq: number | null }>;
}

/**
 * The links this server process compacts. Two sockets of one link (a reconnect that overlaps
 * the old connection) share one compactor, so a link's batches are always folded in order.
 */
export class LinkRegistry {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly makeOptions: (
      linkId: string,
      apiKeyId: string,
      rangeId: string | null,
    ) => LinkCompactorOptions,
  ) {}

  async acquire(
    linkId: string,
    apiKeyId: string,
    rangeId: string | null,
  ): Promise<{ compactor: LinkCompactor; lastStoredSeq: number | null }> {
    let entry = this.entries.get(linkId);
    if (!entry) {
      const compactor = new LinkCompactor(this.makeOptions(linkId, apiKeyId, rangeId));
      entry = { compactor, users: 0, started: compactor.start() };
      this.entries.set(linkId, entry);
      entry.started.catch(() => this.entries.delete(linkId));
    }
    entry.users++;
    try {
      await entry.started;
      return { compactor: entry.compactor, lastStoredSeq: entry.compactor.lastStoredSeq };
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
    await entry.compactor.stop();
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
  }
}
