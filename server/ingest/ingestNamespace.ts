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
import { appendBatch } from './batchLog.js';
import { countRejection, type IngestCounters } from './ingestCounters.js';
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
 * seq stored for the link, then send batches one by one. A batch is validated, shown live,
 * logged (one atomic insert; a duplicate `(linkId, seq)` is acked and ignored) and acked;
 * the link's compactor folds it into flights behind the ack.
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
  const { logger, registry, counters, connection } = deps;
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

  const { compactor, lastStoredSeq } = await registry.acquire(
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

  // One batch at a time per socket, in arrival order, so seq order is storage order.
  let chain = Promise.resolve();
  handle = (input, ack) => {
    chain = chain.then(() => handleBatch(input, ack));
    return chain;
  };
  for (const [input, ack] of queued.splice(0)) void handle(input, ack);

  async function handleBatch(input: unknown, ack: (answer: IngestAck) => void): Promise<void> {
    const receivedAtMs = Date.now();
    const validation = validateBatch(input);
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
    const samples = batch.samples as AnySample[];
    const split = splitBatchByVehicle({ ...batch, samples }, rawRecords);
    live.publish(split);
    let outcome: 'stored' | 'duplicate';
    try {
      outcome = await appendBatch(connection.db!, batch, identity, receivedAtMs);
    } catch (error) {
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
      compactor.enqueue({ ...batch, samples }, rawRecords);
    }
    ack({ ok: true, seq: batch.seq, duplicate: outcome === 'duplicate' });
  }
}
