import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import { ingestCollections } from '../store/ingest/ingestCollections.js';
import type { IngestSettings } from './ingestSettings.js';
import { LinkLeaseHeldError } from '../store/ingest/linkLeases.js';
import type { LinkRegistry } from './linkRegistry.js';

/**
 * Closes flights whose vehicle went quiet. Links this process serves get a tick (their
 * compactor judges each vehicle); links nobody serves any more (the ground-link is gone, or
 * the server that had it died) are taken over just long enough to close their flights. All
 * it reads and writes is in MongoDB, so any server instance can do it.
 */
export class SilentFlightCloser {
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    private readonly connection: Connection,
    private readonly registry: LinkRegistry,
    private readonly settings: IngestSettings,
    private readonly logger: Logger,
    private readonly instanceId: string,
    private readonly intervalMs = 1_000,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.checkOnce(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  async checkOnce(nowMs = Date.now()): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (const compactor of this.registry.compactors()) compactor.tick();
      await this.closeOrphans(nowMs);
    } catch (error) {
      this.logger.error({ err: error }, 'silent-flight check failed');
    } finally {
      this.running = false;
    }
  }

  /** A link's owner counts as gone when it has not written for a few check intervals. */
  private async closeOrphans(nowMs: number): Promise<void> {
    const db = this.connection.db;
    if (!db) return;
    const ownerGoneBeforeMs = nowMs - Math.max(10 * this.intervalMs, 5_000);
    const links = await ingestCollections(db)
      .links.find({ openFlightCount: { $gt: 0 } })
      .toArray();
    // Nothing can time out before the shorter of the two time-outs has passed.
    const quietEnoughMs =
      Math.min(this.settings.armGraceS, this.settings.linkSilentTimeoutS) * 1000;
    for (const link of links) {
      if (this.registry.has(link._id)) continue;
      const orphan =
        link.ownerId === null ||
        link.ownerId === this.instanceId ||
        link.ownerSeenAtMs < ownerGoneBeforeMs;
      if (!orphan || nowMs - link.lastIngestAtMs <= quietEnoughMs) continue;
      let compactor;
      try {
        ({ compactor } = await this.registry.acquire(link._id, link.apiKeyId, link.rangeId));
      } catch (error) {
        // Another server instance took the link up meanwhile: it closes the flights.
        if (error instanceof LinkLeaseHeldError) continue;
        throw error;
      }
      try {
        await compactor.loadAllVehicles();
        compactor.tick();
        await compactor.idle();
      } finally {
        await this.registry.release(link._id);
      }
    }
  }
}
