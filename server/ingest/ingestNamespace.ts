import type { Namespace, Server, Socket } from 'socket.io';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import {
  INGEST_NAMESPACE,
  type IngestAck,
  type IngestClientToServerEvents,
  type IngestServerToClientEvents,
} from '../../telemetry/contract/ingest.js';
import type { AnySample } from '../../telemetry/model/sample.js';
import { BatchLivePublisher } from '../live/publishBatch.js';
import type { LivePublisher } from '../live/livePublisher.js';
import { countDropped, countRejection, type IngestCounters } from './ingestCounters.js';
import type { LinkRegistry } from './linkRegistry.js';
import type { RangeFenceCheckers } from './rangeFenceCheckers.js';
import { splitBatchByVehicle } from './splitBatchByVehicle.js';
import { validateBatch } from './validateBatch.js';

/** Who a ground-link is, once its API key checked out. */
export interface GroundLinkIdentity {
  apiKeyId: string;
  name: string;
  rangeId: string | null;
}

export interface IngestNamespaceDependencies {
  connection: Connection;
  logger: Logger;
  registry: LinkRegistry;
  publisher: LivePublisher;
  counters: IngestCounters;
  authenticateApiKey: (key: string) => Promise<GroundLinkIdentity | null>;
  serverVersion: string;
  /** The ranges' fences, for the live path's alerts; none checked without it. */
  fenceCheckers?: RangeFenceCheckers;
}

interface IngestSocketData {
  identity: GroundLinkIdentity;
  linkId: string;
}

type IngestSocket = Socket<
  IngestClientToServerEvents,
  IngestServerToClientEvents,
  Record<string, never>,
  IngestSocketData
>;

const LINK_ID = /^[A-Za-z0-9._-]{1,64}$/;

function presentedKey(socket: IngestSocket): string | null {
  const auth = socket.handshake.auth as { apiKey?: unknown };
  if (typeof auth.apiKey === 'string') return auth.apiKey;
  const header = socket.handshake.headers.authorization;
  const bearer = typeof header === 'string' ? /^Bearer (\S+)$/.exec(header) : null;
  return bearer?.[1] ?? null;
}

/**
 * /ingest: ground-links connect with their API key and linkId, hear `welcome` with the last
 * seq stored for the link, then send batches, several in flight if they like. A batch is
 * validated, shown live, logged (one atomic document, written in a group with the link's other
 * waiting batches; a duplicate `(linkId, seq)` is acked and ignored) and acked; the link's
 * compactor folds it into flights behind the ack.
 */
export function attachIngestNamespace(io: Server, deps: IngestNamespaceDependencies): void {
  const { logger } = deps;
  const ingest = io.of(INGEST_NAMESPACE) as Namespace<
    IngestClientToServerEvents,
    IngestServerToClientEvents,
    Record<string, never>,
    IngestSocketData
  >;

  ingest.use((socket, next) => {
    const key = presentedKey(socket);
    const linkId = (socket.handshake.auth as { linkId?: unknown }).linkId;
    if (typeof linkId !== 'string' || !LINK_ID.test(linkId)) {
      next(
        new Error('linkId missing or invalid: 1–64 letters, digits, dots, dashes or underscores'),
      );
      return;
    }
    if (!key) {
      next(new Error('API key missing: pass it as auth.apiKey'));
      return;
    }
    deps
      .authenticateApiKey(key)
      .then((identity) => {
        if (!identity) {
          logger.warn({ linkId, address: socket.handshake.address }, 'ingest: API key refused');
          next(new Error('API key unknown or revoked'));
          return;
        }
        socket.data.identity = identity;
        socket.data.linkId = linkId;
        next();
      })
      .catch((error: unknown) => {
        logger.error({ err: error, linkId }, 'ingest: API key check failed');
        next(new Error('API key check unavailable; retry'));
      });
  });

  ingest.on('connection', (socket: IngestSocket) => {
    void serveLink(socket, deps).catch((error: unknown) => {
      logger.error({ err: error, linkId: socket.data.linkId }, 'ingest: cannot take the link');
      socket.disconnect(true);
    });
  });
}

async function serveLink(socket: IngestSocket, deps: IngestNamespaceDependencies): Promise<void> {
  const { logger, registry, counters } = deps;
  const { linkId, identity } = socket.data;
  const log = logger.child({ linkId, apiKey: undefined, keyName: identity.name });
  // Batches that arrive while the link is being taken over wait for it.
  const queued: [unknown, (answer: IngestAck) => void][] = [];
  let handle: ((input: unknown, ack: (answer: IngestAck) => void) => Promise<void>) | null = null;
  socket.on('batch', (input, ack) => {
    const reply = typeof ack === 'function' ? ack : () => {};
    if (handle) void handle(input, reply);
    else queued.push([input, reply]);
  });
  let released = false;
  socket.on('disconnect', (reason) => {
    log.info({ reason }, 'ground-link disconnected');
    released = true;
    void registry.release(linkId).catch((error: unknown) => {
      log.error({ err: error }, 'ingest: releasing the link failed');
    });
  });

  const { compactor, writer, lastStoredSeq } = await registry.acquire(
    linkId,
    identity.apiKeyId,
    identity.rangeId,
  );
  if (released) {
    await registry.release(linkId);
    return;
  }
  const live = new BatchLivePublisher(
    deps.publisher,
    (sysId) => compactor.vehicle(sysId),
    (rangeId) => deps.fenceCheckers?.checkerFor(rangeId) ?? null,
  );
  log.info({ lastStoredSeq }, 'ground-link connected');
  socket.emit('welcome', { linkId, lastStoredSeq, serverVersion: deps.serverVersion });

  /**
   * After a batch of this socket could not be stored, its link resends from that batch; the
   * later ones it already had in flight must not be stored ahead of it, so they are refused
   * until a batch at or below this seq comes again.
   */
  let resendFromSeq: number | null = null;

  // Batches are taken in arrival order (seq order) the moment they arrive, several may be in
  // flight; the link's writer logs those that arrive while a write runs as one group.
  handle = handleBatch;
  for (const [input, ack] of queued.splice(0)) void handle(input, ack);

  async function handleBatch(input: unknown, ack: (answer: IngestAck) => void): Promise<void> {
    const receivedAtMs = Date.now();
    const validation = validateBatch(input);
    if (Object.keys(validation.dropped).length > 0) {
      countDropped(counters, validation.dropped);
      const seq = validation.ok ? validation.batch.seq : validation.seq;
      log.warn({ seq, dropped: validation.dropped }, 'ingest: impossible values left out');
    }
    if (!validation.ok) {
      countRejection(counters, validation.error.code);
      log.warn({ seq: validation.seq, error: validation.error.message }, 'ingest: batch refused');
      ack({ ok: false, seq: validation.seq, error: validation.error });
      return;
    }
    const { batch, rawRecords } = validation;
    if (batch.linkId !== linkId) {
      countRejection(counters, 'link-mismatch');
      const message = `linkId: batch says "${batch.linkId}" but this connection is link "${linkId}"`;
      log.warn({ seq: batch.seq }, message);
      ack({ ok: false, seq: batch.seq, error: { code: 'link-mismatch', message } });
      return;
    }
    if (compactor.lastStoredSeq !== null && batch.seq <= compactor.lastStoredSeq) {
      // seq rises strictly per link: at or below the last stored one, it is a resend.
      counters.duplicates++;
      ack({ ok: true, seq: batch.seq, duplicate: true });
      return;
    }
    if (resendFromSeq !== null) {
      if (batch.seq > resendFromSeq) {
        ack({ ok: false, seq: batch.seq, error: resendFirst(resendFromSeq) });
        return;
      }
      resendFromSeq = null;
    }
    const samples = batch.samples as AnySample[];
    const split = splitBatchByVehicle({ ...batch, samples }, rawRecords);
    live.publish(split);
    let outcome: 'stored' | 'duplicate';
    try {
      outcome = await writer.write({
        batch,
        source: identity,
        receivedAtMs,
        data: { ...batch, samples },
        rawRecords,
      });
    } catch (error) {
      resendFromSeq = Math.min(resendFromSeq ?? batch.seq, batch.seq);
      counters.storageErrors++;
      log.error({ err: error, seq: batch.seq }, 'ingest: batch could not be stored');
      ack({
        ok: false,
        seq: batch.seq,
        error: {
          code: 'storage-unavailable',
          message: 'the database did not take the batch; resend it',
        },
      });
      return;
    }
    if (outcome === 'duplicate') {
      counters.duplicates++;
    } else {
      counters.batchesStored++;
      counters.samples += batch.samples.length;
      counters.rawFrames += rawRecords.length;
    }
    ack({ ok: true, seq: batch.seq, duplicate: outcome === 'duplicate' });
  }
}

function resendFirst(resendFromSeq: number): { code: string; message: string } {
  return {
    code: 'storage-unavailable',
    message: `batch ${resendFromSeq} of this link was not stored; resend from it`,
  };
}
