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
  /**
   * Base URL of the Sortie server, e.g. http://127.0.0.1:8080; or several instances of one
   * Sortie, comma-separated: a lost connection moves the uplink on to the next.
   */
  serverUrl: string;
  apiKey: string;
  linkId: string;
  spool: Spool;
  logger: Logger;
  /** A batch not acked within this time is taken as lost with its connection [ms]. */
  ackTimeoutMs?: number;
  /** Longest wait between reconnection attempts [ms]. */
  maxReconnectDelayMs?: number;
  /** Most batches sent and not yet acked (the window); 1 sends one at a time. */
  maxInFlightBatches?: number;
  /** Most spooled bytes sent and not yet acked; one batch always goes [bytes]. */
  maxInFlightBytes?: number;
}

/** One sending of a spooled batch, and what came back for it. */
interface Attempt {
  spooled: SpooledBatch;
  /** The window it was sent in: a reset window ignores what comes back for it. */
  generation: number;
  result: { answer: IngestAck } | { error: Error } | null;
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
 * Default window. One batch at a time caps a link at one database commit per round trip;
 * with several in flight the server logs those that arrive during a write as one group. 128
 * batches is 6.4 s of a link at its 50-ms batch interval: a busy server's ack round trips
 * (up to about 5 s measured on a loaded 2-core machine) do not hold back the sending, and with
 * it the live view, which the server feeds as batches arrive. The bytes bound the memory.
 */
const DEFAULT_MAX_IN_FLIGHT_BATCHES = 128;
const DEFAULT_MAX_IN_FLIGHT_BYTES = 8 * 1024 * 1024;

/**
 * Sends the spooled batches to the server's /ingest namespace in seq order, a window of
 * several at a time, and removes each from the spool only once the server acks it as stored.
 * Answers are taken in seq order, so the spool always shrinks from its oldest batch. A lost ack
 * (reconnect) or a batch the server could not store resets the window: sending starts again
 * from the oldest batch still spooled, and the server acks a repeat as a duplicate.
 */
export class UplinkClient {
  private socket: IngestSocket | null = null;
  private ready = false;
  /** Batches sent and not yet settled: always the oldest ones of the spool, in seq order. */
  private window: Attempt[] = [];
  private generation = 0;
  /** Reads and emits run one after another, so batches leave in seq order. */
  private sending: Promise<void> = Promise.resolve();
  private settling = false;
  /** Acked batches leave the spool one after another, in seq order. */
  private removing: Promise<void> = Promise.resolve();
  private retryTimer: NodeJS.Timeout | null = null;
  private welcomeTimer: NodeJS.Timeout | null = null;
  private refusedTimer: NodeJS.Timeout | null = null;
  private failedAttempts = 0;
  /** The instances to send to, in the order they are tried, and the one in use. */
  private readonly serverUrls: string[];
  private serverIndex = 0;
  private failoverTimer: NodeJS.Timeout | null = null;
  private drainWaiters: (() => void)[] = [];
  /** Sources waiting for the spool to shrink below a size [bytes]. */
  private roomWaiters: { belowBytes: number; wake: () => void }[] = [];
  /** Highest seq the server holds (acked, or announced in `welcome`). */
  lastAckedSeq: number | null = null;
  batchesAcked = 0;
  duplicatesAcked = 0;
  /** Batches the server refused for good, moved to the spool's `rejected/` folder. */
  batchesRefused = 0;
  /** Why the latest of them was refused, as the server said it. */
  lastRefusal: string | null = null;

  constructor(private readonly options: UplinkClientOptions) {
    this.serverUrls = splitServerUrls(options.serverUrl);
  }

  get isConnected(): boolean {
    return this.socket?.connected ?? false;
  }

  start(): void {
    this.connectTo(this.serverIndex);
  }

  private get failsOver(): boolean {
    return this.serverUrls.length > 1;
  }

  private connectTo(index: number): void {
    const { apiKey, linkId, logger } = this.options;
    const serverUrl = this.serverUrls[index]!;
    this.serverIndex = index;
    const socket: IngestSocket = io(new URL(INGEST_NAMESPACE, serverUrl).href, {
      auth: { apiKey, linkId },
      reconnectionDelay: 250,
      reconnectionDelayMax: this.options.maxReconnectDelayMs ?? 5_000,
      // With several servers the uplink itself moves on to the next rather than retrying one.
      reconnection: !this.failsOver,
      forceNew: true,
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
      void this.dropStoredBatches(info.lastStoredSeq).then(() => {
        this.becomeReady();
        this.pump();
      });
    });
    socket.on('disconnect', (reason) => {
      if (this.socket !== socket) return;
      logger.warn(
        { linkId, reason, server: serverUrl },
        'uplink disconnected; batches stay spooled',
      );
      this.ready = false;
      this.resetWindow();
      if (this.welcomeTimer) clearTimeout(this.welcomeTimer);
      if (this.failsOver) {
        // Our own disconnect (no ack in time) reconnects to the same server right after.
        if (reason !== 'io client disconnect') this.failOver(socket);
        return;
      }
      // A server that shuts down closes the socket itself, and Socket.IO does not reconnect
      // after that on its own; the spool must reach the server when it is back.
      if (reason === 'io server disconnect') this.retryLater(socket);
    });
    socket.on('connect_error', (error) => {
      if (this.socket !== socket) return;
      if (this.failsOver) {
        if (this.failedAttempts++ % 12 === 0) {
          logger.warn(
            { linkId, server: serverUrl, error: error.message, attempts: this.failedAttempts },
            'uplink cannot connect; batches stay spooled, trying the next server',
          );
        }
        this.failOver(socket);
        return;
      }
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
    if (this.failoverTimer) clearTimeout(this.failoverTimer);
    this.failoverTimer = null;
    if (this.welcomeTimer) clearTimeout(this.welcomeTimer);
    if (this.refusedTimer) clearTimeout(this.refusedTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.resetWindow();
    this.socket?.disconnect();
    this.socket = null;
    this.ready = false;
  }

  /**
   * Leaves a server that is gone or refused (it may still hold the link's lease: another
   * instance takes the link once that lapses) for the next one. A whole round of refusals
   * backs off before the next round. On connecting, the server's `welcome` says what it
   * holds, and the spool is resent from there: the server's batch log makes a repeat a
   * duplicate, so nothing is stored twice whichever instance had it.
   */
  private failOver(socket: IngestSocket): void {
    if (this.socket !== socket) return;
    socket.removeAllListeners();
    socket.disconnect();
    this.socket = null;
    const next = (this.serverIndex + 1) % this.serverUrls.length;
    const round = Math.floor(this.failedAttempts / this.serverUrls.length);
    const delayMs =
      round === 0 ? 0 : Math.min(250 * 2 ** (round - 1), this.options.maxReconnectDelayMs ?? 5_000);
    if (this.failoverTimer) clearTimeout(this.failoverTimer);
    this.failoverTimer = setTimeout(() => {
      this.failoverTimer = null;
      this.options.logger.info(
        { linkId: this.options.linkId, server: this.serverUrls[next] },
        'uplink trying the next server',
      );
      this.connectTo(next);
    }, delayMs);
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
    const { spool } = this.options;
    if (spool.pending.length === 0) {
      for (const wake of this.drainWaiters.splice(0)) wake();
      return;
    }
    if (!socket || !this.ready || this.retryTimer) return;
    const maxBatches = this.options.maxInFlightBatches ?? DEFAULT_MAX_IN_FLIGHT_BATCHES;
    const maxBytes = this.options.maxInFlightBytes ?? DEFAULT_MAX_IN_FLIGHT_BYTES;
    let bytes = this.window.reduce((sum, attempt) => sum + attempt.spooled.sizeBytes, 0);
    while (this.window.length < maxBatches) {
      const next = this.nextToSend();
      if (!next || (this.window.length > 0 && bytes + next.sizeBytes > maxBytes)) break;
      bytes += next.sizeBytes;
      const attempt: Attempt = { spooled: next, generation: this.generation, result: null };
      this.window.push(attempt);
      this.sending = this.sending.then(() => this.send(socket, attempt));
    }
  }

  /**
   * The oldest spooled batch above both the window's last and the last one acked (acked
   * batches may still be listed while their files are removed).
   */
  private nextToSend(): SpooledBatch | undefined {
    const { pending } = this.options.spool;
    const after = Math.max(this.window.at(-1)?.spooled.seq ?? -1, this.lastAckedSeq ?? -1);
    // Usually the next is right after the window among the spool's oldest batches.
    const guess = pending[this.window.length];
    const before = pending[this.window.length - 1];
    if (guess && guess.seq > after && (!before || before.seq <= after)) return guess;
    return pending.find((spooled) => spooled.seq > after);
  }

  private async send(socket: IngestSocket, attempt: Attempt): Promise<void> {
    if (attempt.generation !== this.generation) return;
    let batch;
    try {
      batch = await this.options.spool.read(attempt.spooled);
    } catch (error) {
      this.conclude(attempt, { error: error as Error });
      return;
    }
    // Never emitted on a closed socket: Socket.IO would buffer it and send it after the
    // reconnect, behind the batches the new window sends.
    if (attempt.generation !== this.generation || !socket.connected) return;
    socket
      .timeout(this.options.ackTimeoutMs ?? 15_000)
      .emitWithAck('batch', batch)
      .then(
        (answer) => this.conclude(attempt, { answer }),
        (error: unknown) => this.conclude(attempt, { error: error as Error }),
      );
  }

  private conclude(attempt: Attempt, result: NonNullable<Attempt['result']>): void {
    if (attempt.generation !== this.generation) return; // the window was reset meanwhile
    attempt.result = result;
    void this.settle();
  }

  /** Takes the answers in seq order from the oldest batch sent, as far as they have come. */
  private async settle(): Promise<void> {
    if (this.settling) return;
    this.settling = true;
    try {
      for (;;) {
        const head = this.window[0];
        if (!head?.result || head.generation !== this.generation) break;
        const next = await this.take(head, head.result);
        if (!next || head.generation !== this.generation) break;
        this.window.shift();
      }
    } finally {
      this.settling = false;
    }
    this.pump();
  }

  /** Acts on the answer for the oldest batch sent; false when the window was reset. */
  private async take(attempt: Attempt, result: NonNullable<Attempt['result']>): Promise<boolean> {
    const { spool, logger, linkId } = this.options;
    const { spooled } = attempt;
    if ('error' in result) {
      const reason = result.error.message;
      if (/not a (valid|spooled) batch/.test(reason)) {
        // Counted first: the spool looks empty to a drain while the batch is being moved.
        this.noteRefusal(reason);
        const movedTo = await spool.quarantine(spooled.seq);
        logger.error({ linkId, seq: spooled.seq, movedTo, reason }, 'unreadable spooled batch');
        return true;
      }
      // No ack in time: reconnect, and the window goes again from the spool.
      logger.warn({ linkId, seq: spooled.seq, reason }, 'no ack; reconnecting');
      this.resetWindow();
      this.ready = false;
      this.socket?.disconnect().connect();
      return false;
    }
    const { answer } = result;
    if (answer.ok) {
      // Removed in seq order but not awaited here: the file work (an fsync when the spool
      // empties) must not hold up the answers behind it and so the window.
      this.removing = this.removing
        .then(() => spool.remove(spooled.seq))
        .then(
          () => {
            this.wakeRoomWaiters();
            this.pump();
          },
          (error: unknown) => {
            logger.error({ linkId, seq: spooled.seq, err: error }, 'acked batch not removed');
          },
        );
      this.lastAckedSeq = Math.max(this.lastAckedSeq ?? -1, spooled.seq);
      this.batchesAcked++;
      if (answer.duplicate) this.duplicatesAcked++;
      return true;
    }
    if (isPermanentRefusal(answer.error.code)) {
      // Counted first: the spool looks empty to a drain while the batch is being moved.
      this.noteRefusal(answer.error.message);
      const movedTo = await spool.quarantine(spooled.seq);
      logger.error(
        { linkId, seq: spooled.seq, error: answer.error, movedTo, refused: this.batchesRefused },
        'server refused a batch; kept aside in the spool',
      );
      return true;
    }
    // The server could not store it now (its database is away): the window goes again from
    // this batch, later. The server refuses the rest of the old window meanwhile.
    logger.warn({ linkId, seq: spooled.seq, error: answer.error }, 'batch not stored; retrying');
    this.resetWindow();
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.pump();
    }, RETRY_DELAY_MS);
    return false;
  }

  private noteRefusal(reason: string): void {
    this.batchesRefused++;
    this.lastRefusal = reason;
  }

  private resetWindow(): void {
    this.generation++;
    this.window = [];
  }

  private wakeRoomWaiters(): void {
    const size = this.options.spool.sizeBytes;
    const stillWaiting = this.roomWaiters.filter((waiter) => size >= waiter.belowBytes);
    for (const waiter of this.roomWaiters) if (size < waiter.belowBytes) waiter.wake();
    this.roomWaiters = stillWaiting;
  }
}

/** The servers of a `serverUrl` setting: one URL, or several separated by commas. */
export function splitServerUrls(serverUrl: string): string[] {
  const urls = serverUrl
    .split(',')
    .map((url) => url.trim())
    .filter((url) => url !== '');
  if (urls.length === 0) throw new Error('uplink: no server URL given');
  return urls;
}

/** Refusals that no resend can fix: the batch itself is wrong. Anything else is retried. */
function isPermanentRefusal(code: string): boolean {
  return /invalid|validation|too.?large|malformed|bad.?request/i.test(code);
}
