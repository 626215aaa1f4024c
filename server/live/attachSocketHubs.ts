import { randomBytes } from 'node:crypto';
import type { Server as HttpServer, IncomingMessage } from 'node:http';
import { Server } from 'socket.io';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import { INGEST_LIMITS } from '../../telemetry/contract/ingest.js';
import { authenticateApiKey } from '../auth/apiKeys.js';
import { evaluateFlightsEndedIn } from '../certification/evaluations/evaluateFlightsEndedIn.js';
import { ensureFlightDataIndexes } from '../store/flights/ensureFlightDataIndexes.js';
import { moveSharedBatchLog } from '../store/ingest/batchLog.js';
import { OverviewBackfill } from '../store/flights/overviewBackfill.js';
import { newIngestCounters, type IngestCounters } from '../ingest/ingestCounters.js';
import { attachIngestNamespace, recheckIngestCredentials } from '../ingest/ingestNamespace.js';
import type { IngestSettings } from '../ingest/ingestSettings.js';
import { LinkLeases } from '../store/ingest/linkLeases.js';
import { LinkRegistry } from '../ingest/linkRegistry.js';
import { RangeFenceCheckers } from '../ingest/rangeFenceCheckers.js';
import type { IngestWritePlan } from '../store/ingest/ingestWritePlan.js';
import { SilentFlightCloser } from '../ingest/silentFlightCloser.js';
import { CredentialWatch } from './credentialWatch.js';
import {
  attachLiveNamespace,
  closeExpiredLiveSessions,
  recheckLiveCredentials,
} from './liveNamespace.js';
import { allowLargeMessages, SMALL_MESSAGE_BYTES } from './messageSizeLimits.js';
import { LivePublisher, type LiveNamespace } from './livePublisher.js';
import { alertId, isAlert } from './alertEvents.js';
import { addressOf } from './publishBatch.js';
import { useRedisAdapter, type RedisLink } from './redisAdapter.js';

export interface SocketHubDependencies {
  connection: Connection;
  logger: Logger;
  settings: IngestSettings;
  /** Origins other than the server's own allowed to open /live; none by default. */
  allowedOrigins?: readonly string[];
  serverVersion?: string;
  /** How often flights are checked for a silent link [ms]. */
  silentCheckIntervalMs?: number;
  /** How long a link's lease lasts and how often it is renewed (tests shorten them). */
  linkLeases?: { ttlMs?: number; renewIntervalMs?: number };
  /** How often open sockets' credentials are compared with the database's [ms]. */
  credentialPollIntervalMs?: number;
  /** Redis joining this instance's live messages to the other instances'; unset, alone. */
  redisUrl?: string;
}

export interface SocketHubs {
  io: Server;
  publisher: LivePublisher;
  registry: LinkRegistry;
  counters: IngestCounters;
  closer: SilentFlightCloser;
  /** Stops taking batches, stores what is queued, and closes every socket (not the HTTP server). */
  close(): Promise<void>;
}

/**
 * A ground-link's batch: samples travel as JSON beside the binary rawTlog, room for a full
 * batch of both. Only connections whose API key checked out may send this much.
 */
const MAX_INGEST_MESSAGE_BYTES = INGEST_LIMITS.maxRawBytesPerBatch + 16 * 1024 * 1024;

/**
 * A browser's handshake must come from this server's own origin or an allowed one; clients
 * without an Origin header (ground-links, scripts) are not browsers and pass.
 */
function originAllowed(request: IncomingMessage, allowed: readonly string[]): boolean {
  const origin = request.headers.origin;
  if (!origin) return true;
  if (allowed.includes(origin)) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

/** Tells browsers what a stored ingest pass changed: flights started and ended, server alerts. */
function publishPass(publisher: LivePublisher, plan: IngestWritePlan): void {
  for (const notice of plan.notices) {
    if (notice.type === 'vehicle-heard') {
      publisher.vehicleState(addressOf(notice.state), notice.state.live);
      continue;
    }
    const address = { ...addressOf(notice.state), flightId: notice.flightId };
    if (notice.type === 'flight-started') {
      publisher.flightStarted(address, notice.state.sysId);
      publisher.vehicleState(address, { ...notice.state.live, flightId: notice.flightId });
    } else if (notice.type === 'flight-ended') {
      publisher.flightEnded(address, notice.flightId, notice.reason);
    } else if (isAlert(notice.event)) {
      publisher.alert(address, notice.event, alertId(notice.flightId, notice.event));
    }
  }
}

/** Socket.IO on the HTTP server: /ingest for ground-links, /live for browsers. */
export async function attachSocketHubs(
  httpServer: HttpServer,
  deps: SocketHubDependencies,
): Promise<SocketHubs> {
  const { connection, logger, settings } = deps;
  await ensureFlightDataIndexes(connection.db!);
  await moveSharedBatchLog(connection.db!);
  const allowedOrigins = deps.allowedOrigins ?? [];
  const io = new Server(httpServer, {
    maxHttpBufferSize: SMALL_MESSAGE_BYTES,
    // A connection that opens no namespace within this time is closed.
    connectTimeout: 10_000,
    serveClient: false,
    allowRequest: (request, callback) => callback(null, originAllowed(request, allowedOrigins)),
  });
  // Nothing is served on the default namespace: nobody may hold a connection open there.
  io.of('/').use((_socket, next) => {
    next(new Error('Nothing is served here: ground-links connect to /ingest, browsers to /live'));
  });
  // Before the namespaces open, so every one of them broadcasts through Redis.
  const redis: RedisLink | null = deps.redisUrl
    ? await useRedisAdapter(io, deps.redisUrl, logger)
    : null;
  const instanceId = randomBytes(6).toString('hex');
  const live = attachLiveNamespace(io, {
    connection,
    logger: logger.child({ hub: 'live' }),
    recentMs: settings.linkSilentTimeoutS * 1000,
  });
  const publisher = new LivePublisher(live as unknown as LiveNamespace, settings.liveStateHz);
  const ingestLogger = logger.child({ hub: 'ingest' });
  const fenceCheckers = new RangeFenceCheckers(connection, ingestLogger);
  const leases = new LinkLeases(() => connection.db!, instanceId, {
    ...deps.linkLeases,
    logger: ingestLogger,
    onLost: (linkId) => {
      ingestLogger.warn({ linkId }, 'ingest: another server took the link; its sockets here close');
      for (const socket of ingest.sockets.values()) {
        if ((socket.data as { linkId?: string }).linkId === linkId) socket.disconnect(true);
      }
    },
  });
  const registry = new LinkRegistry(
    (linkId, apiKeyId, rangeId) => ({
      connection,
      linkId,
      apiKeyId,
      rangeId,
      settings,
      logger: ingestLogger,
      instanceId,
      fenceCheckers,
      onPassStored: (plan) => {
        publishPass(publisher, plan);
        evaluateFlightsEndedIn(connection, plan, ingestLogger);
      },
    }),
    leases,
  );
  const counters = newIngestCounters();
  const ingest = attachIngestNamespace(io, {
    connection,
    leases,
    logger: ingestLogger,
    registry,
    publisher,
    counters,
    authenticateApiKey: (key) => authenticateApiKey(connection, key),
    fenceCheckers,
    serverVersion: deps.serverVersion ?? '0.1.0',
    onAuthenticated: (socket) => allowLargeMessages(socket, MAX_INGEST_MESSAGE_BYTES),
  });
  const credentialWatch = new CredentialWatch({
    connection,
    logger,
    pollIntervalMs: deps.credentialPollIntervalMs,
    checkLocally: () => closeExpiredLiveSessions(live),
    recheck: async () => {
      await Promise.all([
        recheckIngestCredentials(ingest, connection, ingestLogger),
        recheckLiveCredentials(live, connection, logger.child({ hub: 'live' })),
      ]);
    },
  });
  credentialWatch.start();
  const closer = new SilentFlightCloser(
    connection,
    registry,
    settings,
    ingestLogger,
    instanceId,
    deps.silentCheckIntervalMs,
  );
  closer.start();
  // Flights stored before overviews existed, or with a page a restart left partial.
  const overviewBackfill = new OverviewBackfill(
    () => connection.db!,
    logger.child({ job: 'overview-backfill' }),
  );
  overviewBackfill.start();
  return {
    io,
    publisher,
    registry,
    counters,
    closer,
    async close() {
      closer.stop();
      await credentialWatch.stop();
      await overviewBackfill.stop();
      io.of('/ingest').disconnectSockets(true);
      io.of('/live').disconnectSockets(true);
      await registry.closeAll();
      publisher.close();
      // The HTTP server is its owner's to close; only Socket.IO's own connections end here.
      io.engine.close();
      await redis?.close();
    },
  };
}
