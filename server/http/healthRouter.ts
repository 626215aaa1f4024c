import { Router } from 'express';
import type { Database } from '../db/connectDatabase.js';
import { DATABASE_RETRY_AFTER_S } from '../db/databaseAvailability.js';
import { eventLoopDelay, startEventLoopDelayMonitor } from '../util/eventLoopDelay.js';

/**
 * GET /healthz — for load balancers and humans: is the database answering, on what engine,
 * and how late the event loop runs. Public on purpose (probes carry no session) and tells
 * nothing about flights or users. While the database is known to be away it answers 503 at
 * once, without waiting for a ping that cannot succeed.
 */
export function healthRouter(database: Database, startedAtMs: number): Router {
  startEventLoopDelayMonitor();
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    const pingStartMs = performance.now();
    const availability = database.availability.status();
    let databaseOk = availability.available;
    if (databaseOk) {
      try {
        await database.connection.db!.admin().ping();
      } catch {
        databaseOk = false;
      }
    }
    if (!databaseOk) res.set('retry-after', String(DATABASE_RETRY_AFTER_S));
    res.status(databaseOk ? 200 : 503).json({
      status: databaseOk ? 'ok' : 'database-unreachable',
      database: {
        ok: databaseOk,
        engine: database.engine,
        version: database.engineVersion,
        origin: database.origin,
        pingMs: Math.round((performance.now() - pingStartMs) * 10) / 10,
        unavailableSince: availability.unavailableSince,
        backAt: availability.backAt,
        outages: availability.outages,
      },
      eventLoop: eventLoopDelay(),
      uptimeS: Math.round((Date.now() - startedAtMs) / 1000),
    });
  });
  return router;
}
