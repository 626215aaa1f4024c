import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { DecodeStats } from '../../telemetry/model/linkStats.js';
import { nowUs, type Endpoint, type EndpointInput, type RoutedFrame } from '../endpoint.js';
import { BatchBuilder, DEFAULT_BATCH_LIMITS, type BatchLimits } from '../uplink/batchBuilder.js';
import { Spool, SpoolFullError } from '../uplink/spool.js';
import { UplinkClient } from '../uplink/uplinkClient.js';

export interface UplinkOptions {
  serverUrl: string;
  apiKey: string;
  linkId: string;
  spoolDirectory: string;
  /** Past this the spool stores no more batches, loudly [bytes]. */
  spoolCapBytes: number;
  /** A batch leaves at least this often while frames arrive [ms]; ≤ 50 keeps live views live. */
  batchIntervalMs?: number;
  batchLimits?: BatchLimits;
  /** Frame counters of the whole ground-link, sent with every batch. */
  decodeStats: () => DecodeStats;
  logger: Logger;
  /** How long close() waits for the server to ack what is spooled [ms]. */
  drainTimeoutMs?: number;
}

export interface UplinkStatus {
  connected: boolean;
  spoolBatches: number;
  spoolBytes: number;
  lastAckedSeq: number | null;
  batchesSpooled: number;
  batchesDropped: number;
  /** Batches the server refused for good, kept in the spool's `rejected/` folder. */
  batchesRefused: number;
  /** The server's reason for the latest refusal. */
  lastRefusal: string | null;
  /** Where refused batches are kept. */
  rejectedDirectory: string;
}

/** Longest a waiting source is held for room in the spool [ms]. */
const ROOM_WAIT_MAX_MS = 1_000;
/** Share of the cap at which the spool starts to warn. */
const SPOOL_WARN_FRACTION = 0.8;

/**
 * The link to the Sortie server: frames are normalised and batched, each batch is spooled to
 * disk (fsynced; sent meanwhile), and leaves the spool only when the server acks it as stored.
 * Nothing is lost while the server is away, up to the spool's size cap.
 */
export class UplinkEndpoint implements Endpoint {
  readonly name: string;
  private readonly builder: BatchBuilder;
  private spool: Spool | null = null;
  private client: UplinkClient | null = null;
  private timer: NodeJS.Timeout | null = null;
  /** Appends run one after another so batches reach the disk in seq order. */
  private appending: Promise<void> = Promise.resolve();
  private batchesSpooled = 0;
  private batchesDropped = 0;
  private warnedNearCap = false;

  constructor(private readonly options: UplinkOptions) {
    this.name = `uplink:${options.serverUrl}`;
    this.builder = new BatchBuilder(options.linkId, options.batchLimits ?? DEFAULT_BATCH_LIMITS);
  }

  async open(input: EndpointInput): Promise<void> {
    const { spoolDirectory, spoolCapBytes, logger, linkId } = this.options;
    const spool = await Spool.open(spoolDirectory, spoolCapBytes);
    this.spool = spool;
    if (spool.pending.length > 0) {
      logger.info(
        { linkId, batches: spool.pending.length, firstSeq: spool.pending[0]?.seq },
        'resending batches left in the spool',
      );
    }
    this.client = new UplinkClient({ ...this.options, spool });
    this.client.start();
    this.timer = setInterval(() => {
      // A spool that cannot be written (disk error) ends the run: losing data quietly is worse.
      this.seal().catch((error: unknown) => {
        if (this.timer) clearInterval(this.timer);
        input.fail(error instanceof Error ? error : new Error(String(error)));
      });
    }, this.options.batchIntervalMs ?? 50);
  }

  write(routed: RoutedFrame): void | Promise<void> {
    this.builder.add(routed);
    if (!this.builder.isFull) return;
    // A full batch leaves at once. A source that can wait (a replay) waits for it to be on
    // disk, and while the spool is over half its cap, for the server to ack: a replay keeps
    // pace with the server instead of filling the spool. Live sources cannot wait; their
    // batches spool up to the cap.
    return this.seal().then(() => this.waitForRoom());
  }

  private waitForRoom(): Promise<void> | undefined {
    const spool = this.spool;
    if (!spool || !this.client || spool.sizeBytes < spool.capBytes / 2) return undefined;
    // Bounded, so a stopped server slows a replay to a batch a second instead of halting it.
    return Promise.race([this.client.waitForRoom(spool.capBytes / 4), sleep(ROOM_WAIT_MAX_MS)]);
  }

  status(): UplinkStatus {
    return {
      connected: this.client?.isConnected ?? false,
      spoolBatches: this.spool?.pending.length ?? 0,
      spoolBytes: this.spool?.sizeBytes ?? 0,
      lastAckedSeq: this.client?.lastAckedSeq ?? null,
      batchesSpooled: this.batchesSpooled,
      batchesDropped: this.batchesDropped,
      batchesRefused: this.client?.batchesRefused ?? 0,
      lastRefusal: this.client?.lastRefusal ?? null,
      rejectedDirectory: join(this.options.spoolDirectory, 'rejected'),
    };
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.seal();
    const drained = (await this.client?.drain(this.options.drainTimeoutMs ?? 5_000)) ?? true;
    if (!drained) {
      this.options.logger.warn(
        { linkId: this.options.linkId, batches: this.spool?.pending.length },
        'server has not acked everything; the rest stays spooled and goes at the next start',
      );
    }
    this.client?.stop();
  }

  /** Closes the current batch, if any, and spools it. */
  private seal(): Promise<void> {
    const spool = this.spool;
    if (!spool || this.builder.isEmpty) return this.appending;
    const batch = this.builder.take(spool.takeSeq(), nowUs(), this.options.decodeStats());
    // Listed at once, so the uplink sends it while its file is written (see Spool).
    const appended = spool.append(batch);
    appended.catch(() => {}); // handled in order below; this only keeps it from being "unhandled"
    this.client?.notify();
    this.appending = this.appending.then(async () => {
      try {
        await appended;
        this.batchesSpooled++;
        this.warnIfNearCap(spool);
      } catch (error) {
        if (!(error instanceof SpoolFullError)) throw error;
        this.batchesDropped++;
        this.options.logger.error(
          {
            linkId: this.options.linkId,
            seq: batch.seq,
            samplesLost: batch.samples.length,
            batchesDropped: this.batchesDropped,
          },
          `SPOOL FULL: ${error.message}. The server has not acked for a while; raise --spool-cap or bring the server back.`,
        );
      }
    });
    return this.appending;
  }

  private warnIfNearCap(spool: Spool): void {
    const nearCap = spool.sizeBytes >= SPOOL_WARN_FRACTION * spool.capBytes;
    if (nearCap && !this.warnedNearCap) {
      this.options.logger.warn(
        { linkId: this.options.linkId, spoolBytes: spool.sizeBytes, capBytes: spool.capBytes },
        'spool is over 80 % of its cap; batches will be dropped when it is full',
      );
    }
    this.warnedNearCap = nearCap;
  }
}
