import type { Logger } from 'pino';
import type { Collection, Db } from '../driver.js';

/** Which server instance serves a link, until when: `_id` is the link id. */
interface StoredLinkLease {
  _id: string;
  holderId: string | null;
  /** The lease lapses at this server time unless renewed [ms since epoch]. */
  expiresAtMs: number;
}

export interface LinkLeaseOptions {
  /** How long a lease lasts unless renewed [ms]. */
  ttlMs?: number;
  /** How often held leases are renewed [ms]; well under ttlMs. */
  renewIntervalMs?: number;
  /** A lease this instance held was found taken by another (it lapsed while unrenewed). */
  onLost?: (linkId: string) => void;
  logger?: Logger;
}

/** Another server instance serves the link. */
export class LinkLeaseHeldError extends Error {
  constructor(
    readonly linkId: string,
    readonly expiresAtMs: number,
  ) {
    super(`Link "${linkId}" is served by another Sortie server; retry once it lets go.`);
  }
}

const DEFAULT_TTL_MS = 10_000;
const DEFAULT_RENEW_INTERVAL_MS = 3_000;

function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 11000;
}

/**
 * One server instance at a time folds a link's batches: it holds the link's lease, a document
 * taken with a conditional write (only when free, lapsed or already its own), renewed while it
 * serves the link and released when it stops. A server that dies holding leases loses them
 * after `ttlMs`. Within one instance, sockets of a link share its one lease (LinkRegistry).
 */
export class LinkLeases {
  private readonly held = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private readonly ttlMs: number;
  private readonly renewIntervalMs: number;

  constructor(
    private readonly db: () => Db,
    readonly holderId: string,
    private readonly options: LinkLeaseOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
    this.renewIntervalMs = options.renewIntervalMs ?? DEFAULT_RENEW_INTERVAL_MS;
  }

  private get leases(): Collection<StoredLinkLease> {
    return this.db().collection<StoredLinkLease>('linkLeases');
  }

  /** Takes the link's lease for this instance; throws LinkLeaseHeldError if another has it. */
  async take(linkId: string): Promise<void> {
    const nowMs = Date.now();
    const expiresAtMs = nowMs + this.ttlMs;
    const mine = await this.leases.updateOne(
      { _id: linkId, holderId: this.holderId },
      { $set: { expiresAtMs } },
    );
    if (mine.matchedCount === 0) {
      const lapsed = await this.leases.updateOne(
        { _id: linkId, expiresAtMs: { $lt: nowMs } },
        { $set: { holderId: this.holderId, expiresAtMs } },
      );
      if (lapsed.matchedCount === 0) {
        try {
          await this.leases.insertOne({ _id: linkId, holderId: this.holderId, expiresAtMs });
        } catch (error) {
          if (!isDuplicateKey(error)) throw error;
          const current = await this.leases.findOne({ _id: linkId });
          throw new LinkLeaseHeldError(linkId, current?.expiresAtMs ?? expiresAtMs);
        }
      }
    }
    this.held.add(linkId);
    this.startRenewing();
  }

  /** Another instance's live lease on the link, if any (so a socket can be refused early). */
  async heldElsewhere(linkId: string): Promise<LinkLeaseHeldError | null> {
    const current = await this.leases.findOne({ _id: linkId });
    if (!current || current.holderId === null || current.holderId === this.holderId) return null;
    if (current.expiresAtMs < Date.now()) return null;
    return new LinkLeaseHeldError(linkId, current.expiresAtMs);
  }

  async release(linkId: string): Promise<void> {
    this.held.delete(linkId);
    if (this.held.size === 0) this.stopRenewing();
    await this.leases.updateOne(
      { _id: linkId, holderId: this.holderId },
      { $set: { holderId: null, expiresAtMs: 0 } },
    );
  }

  async releaseAll(): Promise<void> {
    await Promise.all([...this.held].map((linkId) => this.release(linkId)));
    this.stopRenewing();
  }

  /** Renews every lease held; one it no longer holds is dropped and reported. */
  async renew(): Promise<void> {
    const expiresAtMs = Date.now() + this.ttlMs;
    await Promise.all(
      [...this.held].map(async (linkId) => {
        const { matchedCount } = await this.leases.updateOne(
          { _id: linkId, holderId: this.holderId },
          { $set: { expiresAtMs } },
        );
        if (matchedCount === 0 && this.held.delete(linkId)) this.options.onLost?.(linkId);
      }),
    );
  }

  private startRenewing(): void {
    if (this.timer) return;
    this.timer = setInterval(
      () =>
        void this.renew().catch((error: unknown) => {
          // Tried again at the next interval; the lease lapses only after ttlMs.
          this.options.logger?.warn({ err: error }, 'ingest: link leases not renewed');
        }),
      this.renewIntervalMs,
    );
    this.timer.unref();
  }

  private stopRenewing(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
