import { setTimeout as sleep } from 'node:timers/promises';
import { io, type Socket } from 'socket.io-client';
import type { Logger } from 'pino';
import {
  INGEST_NAMESPACE,
  type IngestAck,
  type IngestClientToServerEvents,
  type IngestServerToClientEvents,
} from '../../telemetry/contract/ingest.js';
import type { Spool, SpooledBatch } from './spool.js';

export interface UplinkClientOptions {
  /** Base URL of the Sortie server, e.g. http://127.0.0.1:8080. */
  serverUrl: string;
  apiKey: string;
  linkId: string;
  spool: Spool;
  logger: Logger;
  /** A batch not acked within this time is taken as lost with its connection [ms]. */
  ackTimeoutMs?: number;
  /** Longest wait between reconnection attempts [ms]. */
  maxReconnectDelayMs?: number;
}

type IngestSocket = Socket<IngestServerToClientEvents, IngestClientToServerEvents>;

/** How long to wait for the server's `welcome` before sending anyway [ms]. */
const WELCOME_WAIT_MS = 1_000;
/** At the end of a run, how long to wait for a connection before leaving the rest spooled [ms]. */
const DRAIN_CONNECT_GRACE_MS = 3_000;
/** Wait before connecting again after the server refused or closed the connection [ms]. */
const REFUSED_RETRY_MS = 2_000;
/** Wait before resending a batch the server could not store [ms]. */
const RETRY_DELAY_MS = 1_000;

/**
 * Sends the spooled batches to the server's /ingest namespace, one at a time and in seq order,
 * and removes each from the spool only once the server acks it as stored. After a reconnect
 * it starts again from the oldest batch still spooled; the server acks a repeat as a duplicate.
 */
export class UplinkClient {
  private socket: IngestSocket | null = null;
  private ready = false;
  /** The one batch awaiting its ack; a fresh object per attempt, so a late answer is ignored. */
  private inFlight: { spooled: SpooledBatch } | null = null;
  private welcomeTimer: NodeJS.Timeout | null = null;
  private refusedTimer: NodeJS.Timeout | null = null;
  private failedAttempts = 0;
  private drainWaiters: (() => void)[] = [];
  /** Sources waiting for the spool to shrink below a size [bytes]. */
  private roomWaiters: { belowBytes: number; wake: () => void }[] = [];
  /** Highest seq the server holds (acked, or announced in `welcome`). */
  lastAckedSeq: number | null = null;
  batchesAcked = 0;
  duplicatesAcked = 0;

  constructor(private readonly options: UplinkClientOptions) {}

  get isConnected(): boolean {
    return this.socket?.connected ?? false;
  }

  start(): void {
    const { serverUrl, apiKey, linkId, logger } = this.options;
    const socket: IngestSocket = io(new URL(INGEST_NAMESPACE, serverUrl).href, {
      auth: { apiKey, linkId },
      reconnectionDelay: 250,
      reconnectionDelayMax: this.options.maxReconnectDelayMs ?? 5_000,
      transports: ['websocket'],
    });
    this.socket = socket;
    socket.on('connect', () => {
      this.failedAttempts = 0;
      logger.info({ linkId, server: serverUrl }, 'uplink connected');
      this.welcomeTimer = setTimeout(() => this.becomeReady(), WELCOME_WAIT_MS);
    });
    socket.on('welcome', (info) => {
      logger.info({ linkId, lastStoredSeq: info.lastStoredSeq }, 'server welcome');
      if (info.lastStoredSeq !== null) {
        this.options.spool.raiseSeqFloor(info.lastStoredSeq);
        this.lastAckedSeq = Math.max(this.lastAckedSeq ?? -1, info.lastStoredSeq);
      }
      void this.dropStoredBatches(info.lastStoredSeq).then(() => this.becomeReady());
    });
    socket.on('disconnect', (reason) => {
      logger.warn({ linkId, reason }, 'uplink disconnected; batches stay spooled');
      this.ready = false;
      this.inFlight = null;
      if (this.welcomeTimer) clearTimeout(this.welcomeTimer);
      // A server that shuts down closes the socket itself, and Socket.IO does not reconnect
      // after that on its own; the spool must reach the server when it is back.
      if (reason === 'io server disconnect') this.retryLater(socket);
    });
    socket.on('connect_error', (error) => {
      if (socket.active) {
        // Said once, then every few attempts: a server away for an hour must not flood the log.
        if (this.failedAttempts++ % 12 === 0) {
          logger.warn(
            { linkId, error: error.message, attempts: this.failedAttempts },
            'uplink cannot connect; batches stay spooled, retrying',
          );
        }
        return;
      }
      // Refused by the server itself (key unknown, or its database away while checking it):
      // Socket.IO gives up on such a refusal, the spool must not, so try again a bit later.
      logger.error(
        { linkId, error: error.message },
        'server refused the uplink; batches stay spooled, retrying',
      );
      this.retryLater(socket);
    });
  }

  /** A new batch was spooled. */
  notify(): void {
    this.pump();
  }

  /**
   * Resolves true once the spool is empty; false if `timeoutMs` passes first, or if the server
   * is still not connected after a short grace (the spool keeps the rest for the next start).
   */
  drain(timeoutMs: number): Promise<boolean> {
    if (this.options.spool.pending.length === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const finish = (drained: boolean) => {
        clearTimeout(timer);
        clearTimeout(graceTimer);
        this.drainWaiters = this.drainWaiters.filter((waiter) => waiter !== onDrained);
        resolve(drained);
      };
      const onDrained = () => finish(true);
      const timer = setTimeout(() => finish(false), timeoutMs);
      const graceTimer = setTimeout(
        () => {
          if (!this.isConnected) finish(false);
        },
        Math.min(DRAIN_CONNECT_GRACE_MS, timeoutMs),
      );
      this.drainWaiters.push(onDrained);
    });
  }

  /** Resolves once the spool holds less than `belowBytes` (the server acked enough). */
  waitForRoom(belowBytes: number): Promise<void> {
    if (this.options.spool.sizeBytes < belowBytes) return Promise.resolve();
    return new Promise((wake) => this.roomWaiters.push({ belowBytes, wake }));
  }

  stop(): void {
    if (this.welcomeTimer) clearTimeout(this.welcomeTimer);
    if (this.refusedTimer) clearTimeout(this.refusedTimer);
    this.socket?.disconnect();
    this.socket = null;
    this.ready = false;
  }

  private retryLater(socket: IngestSocket): void {
    if (this.refusedTimer) clearTimeout(this.refusedTimer);
    this.refusedTimer = setTimeout(() => {
      if (this.socket === socket && !socket.connected) socket.connect();
    }, REFUSED_RETRY_MS);
  }

  private becomeReady(): void {
    if (this.welcomeTimer) clearTimeout(this.welcomeTimer);
    if (!this.socket?.connected || this.ready) return;
    this.ready = true;
    this.pump();
  }

  private async dropStoredBatches(lastStoredSeq: number | null): Promise<void> {
    if (lastStoredSeq === null) return;
    const stored = this.options.spool.pending.filter((b) => b.seq <= lastStoredSeq);
    for (const batch of stored) await this.options.spool.remove(batch.seq);
  }

  private pump(): void {
    const socket = this.socket;
    if (!socket || !this.ready || this.inFlight) return;
    const next = this.options.spool.pending[0];
    if (!next) {
      for (const wake of this.drainWaiters.splice(0)) wake();
      return;
    }
    const attempt = { spooled: next };
    this.inFlight = attempt;
    void this.send(socket, attempt);
  }

  private async send(socket: IngestSocket, attempt: { spooled: SpooledBatch }): Promise<void> {
    const { spool, logger, linkId } = this.options;
    const { spooled } = attempt;
    let answer: IngestAck;
    try {
      const batch = await spool.read(spooled);
      answer = await socket
        .timeout(this.options.ackTimeoutMs ?? 15_000)
        .emitWithAck('batch', batch);
    } catch (error) {
      if (this.inFlight !== attempt) return; // the connection dropped meanwhile
      const reason = (error as Error).message;
      if (/not a (valid|spooled) batch/.test(reason)) {
        const movedTo = await spool.quarantine(spooled.seq);
        logger.error({ linkId, seq: spooled.seq, movedTo, reason }, 'unreadable spooled batch');
        this.inFlight = null;
        this.pump();
        return;
      }
      // No ack in time: reconnect, and the batch goes again from the spool.
      logger.warn({ linkId, seq: spooled.seq, reason }, 'no ack; reconnecting');
      this.inFlight = null;
      this.ready = false;
      socket.disconnect().connect();
      return;
    }
    if (this.inFlight !== attempt) return;
    if (answer.ok) {
      await spool.remove(spooled.seq);
      this.wakeRoomWaiters();
      this.lastAckedSeq = Math.max(this.lastAckedSeq ?? -1, spooled.seq);
      this.batchesAcked++;
      if (answer.duplicate) this.duplicatesAcked++;
    } else if (isPermanentRefusal(answer.error.code)) {
      const movedTo = await spool.quarantine(spooled.seq);
      logger.error(
        { linkId, seq: spooled.seq, error: answer.error, movedTo },
        'server refused a batch; kept aside in the spool',
      );
    } else {
      // The server could not store it now (its database is away): same batch again, later.
      logger.warn({ linkId, seq: spooled.seq, error: answer.error }, 'batch not stored; retrying');
      await sleep(RETRY_DELAY_MS);
      if (this.inFlight !== attempt) return;
    }
    this.inFlight = null;
    this.pump();
  }

  private wakeRoomWaiters(): void {
    const size = this.options.spool.sizeBytes;
    const stillWaiting = this.roomWaiters.filter((waiter) => size >= waiter.belowBytes);
    for (const waiter of this.roomWaiters) if (size < waiter.belowBytes) waiter.wake();
    this.roomWaiters = stillWaiting;
  }
}

/** Refusals that no resend can fix: the batch itself is wrong. Anything else is retried. */
function isPermanentRefusal(code: string): boolean {
  return /invalid|validation|too.?large|malformed|bad.?request/i.test(code);
}
