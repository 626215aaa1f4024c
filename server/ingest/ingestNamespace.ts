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
import { getModels } from '../store/models/models.js';
import { countDropped, countRejection, type IngestCounters } from './ingestCounters.js';
import { bindLinkToKey } from '../store/ingest/linkBinding.js';
import { LinkLeaseHeldError, type LinkLeases } from '../store/ingest/linkLeases.js';
import type { LinkRegistry } from './linkRegistry.js';
import type { RangeFenceCheckers } from './rangeFenceCheckers.js';
import { splitBatchByVehicle } from './splitBatchByVehicle.js';
import { validateBatch } from './validateBatch.js';

/** Who a ground-link is, once its API key checked out. */
export interface GroundLinkIdentity {
  apiKeyId: string;
  name: string;
  rangeId: string | null;
  /** The key's public prefix: a new secret for the key (rotation) gets a new one. */
  prefix: string;
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
  /** The links other server instances serve, so their sockets are refused with a sentence. */
  leases?: LinkLeases;
  /** Called once a socket's key checked out: /ingest takes larger messages than the rest. */
  onAuthenticated?: (socket: Socket) => void;
}

interface IngestSocketData {
  identity: GroundLinkIdentity;
  linkId: string;
}

/** What a socket is doing: batches in flight, and why it is closing (then batches are refused). */
interface ServingState {
  inFlight: number;
  closing: { code: string; message: string } | null;
}

const servingStates = new WeakMap<IngestSocket, ServingState>();

function servingStateOf(socket: IngestSocket): ServingState {
  let state = servingStates.get(socket);
  if (!state) {
    state = { inFlight: 0, closing: null };
    servingStates.set(socket, state);
  }
  return state;
}

/** Refuses the socket's further batches and disconnects it once those in flight are answered. */
function stopSocket(socket: IngestSocket, reason: { code: string; message: string }): void {
  const state = servingStateOf(socket);
  if (state.closing) return;
  state.closing = reason;
  if (state.inFlight === 0) socket.disconnect(true);
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
export function attachIngestNamespace(io: Server, deps: IngestNamespaceDependencies): Namespace {
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
    void (async () => {
      const identity = await deps.authenticateApiKey(key);
      if (!identity) {
        logger.warn({ linkId, address: socket.handshake.address }, 'ingest: API key refused');
        return new Error('API key unknown or revoked');
      }
      const db = deps.connection.db;
      if (!db) throw new Error('database connection is not open');
      const binding = await bindLinkToKey(db, linkId, identity.apiKeyId);
      if (!binding.ok) {
        logger.warn(
          { linkId, keyName: identity.name, address: socket.handshake.address },
          'ingest: link id of another key refused',
        );
        return new Error(binding.message);
      }
      if (!deps.registry.has(linkId)) {
        const elsewhere = await deps.leases?.heldElsewhere(linkId);
        if (elsewhere) return new Error(elsewhere.message);
      }
      socket.data.identity = identity;
      socket.data.linkId = linkId;
      deps.onAuthenticated?.(socket as unknown as Socket);
      return undefined;
    })()
      .then(next)
      .catch((error: unknown) => {
        logger.error({ err: error, linkId }, 'ingest: API key check failed');
        next(new Error('API key check unavailable; retry'));
      });
  });

  /** The socket that serves each link on this process: the newest one. */
  const servingSockets = new Map<string, IngestSocket>();
  ingest.on('connection', (socket: IngestSocket) => {
    void serveLink(socket, deps, servingSockets).catch((error: unknown) => {
      if (error instanceof LinkLeaseHeldError) {
        logger.warn({ linkId: socket.data.linkId }, error.message);
      } else {
        logger.error({ err: error, linkId: socket.data.linkId }, 'ingest: cannot take the link');
      }
      socket.disconnect(true);
    });
  });
  return ingest as unknown as Namespace;
}

/**
 * Stops the sockets whose key was revoked or given a new secret since they connected: one
 * lookup by `_id` per key in use, however many sockets share it.
 */
export async function recheckIngestCredentials(
  ingest: Namespace,
  connection: Connection,
  logger: Logger,
): Promise<void> {
  const sockets = [...ingest.sockets.values()] as unknown as IngestSocket[];
  const keyIds = new Set(sockets.map((socket) => socket.data.identity?.apiKeyId));
  keyIds.delete(undefined as unknown as string);
  const { ApiKey } = getModels(connection);
  const valid = new Map<string, string | null>();
  await Promise.all(
    [...keyIds].map(async (apiKeyId) => {
      const stored = await ApiKey.findById(apiKeyId).select('prefix revokedAt').lean();
      valid.set(apiKeyId, stored && !stored.revokedAt ? stored.prefix : null);
    }),
  );
  for (const socket of sockets) {
    const { identity, linkId } = socket.data;
    if (!identity || valid.get(identity.apiKeyId) === identity.prefix) continue;
    logger.warn({ linkId, keyName: identity.name }, 'ingest: API key revoked; link disconnected');
    stopSocket(socket, { code: 'api-key-revoked', message: 'API key unknown or revoked' });
  }
}

async function serveLink(
  socket: IngestSocket,
  deps: IngestNamespaceDependencies,
  servingSockets: Map<string, IngestSocket>,
): Promise<void> {
  const { logger, registry, counters } = deps;
  const { linkId, identity } = socket.data;
  const log = logger.child({ linkId, apiKey: undefined, keyName: identity.name });
  const state = servingStateOf(socket);
  // Batches that arrive while the link is being taken over wait for it.
  const queued: [unknown, (answer: IngestAck) => void, () => void][] = [];
  let handle: ((input: unknown, ack: (answer: IngestAck) => void) => Promise<void>) | null = null;
  socket.on('batch', (input, ack) => {
    const reply = typeof ack === 'function' ? ack : () => {};
    if (state.closing) {
      const seq = (input as { seq?: unknown } | null)?.seq;
      reply({ ok: false, seq: typeof seq === 'number' ? seq : null, error: state.closing });
      return;
    }
    state.inFlight++;
    const answered = () => {
      state.inFlight--;
      if (state.closing && state.inFlight === 0) socket.disconnect(true);
    };
    if (handle) void handle(input, reply).finally(answered);
    else queued.push([input, reply, answered]);
  });
  let released = false;
  socket.on('disconnect', (reason) => {
    log.info({ reason }, 'ground-link disconnected');
    released = true;
    if (servingSockets.get(linkId) === socket) servingSockets.delete(linkId);
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
  // One key, two sockets of one link (a reconnect before the old connection was noticed
  // gone): the newer one serves the link; the older one answers what it has in flight and
  // is disconnected.
  const previous = servingSockets.get(linkId);
  servingSockets.set(linkId, socket);
  if (previous && previous !== socket) {
    log.info('ground-link reconnected; the older connection of the link is closed');
    stopSocket(previous, {
      code: 'link-taken-over',
      message: `a newer connection of link "${linkId}" took it over; send on that one`,
    });
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
  for (const [input, ack, answered] of queued.splice(0)) void handle(input, ack).finally(answered);

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
