import { Router } from 'express';
import type { Database } from '../db/connectDatabase.js';

/**
 * GET /healthz — for load balancers and humans: is the database answering, on what engine.
 * Public on purpose (probes carry no session) and tells nothing about flights or users.
 */
export function healthRouter(database: Database, startedAtMs: number): Router {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    const pingStartMs = performance.now();
    let databaseOk = true;
    try {
      await database.connection.db!.admin().ping();
    } catch {
      databaseOk = false;
    }
    res.status(databaseOk ? 200 : 503).json({
      status: databaseOk ? 'ok' : 'database-unreachable',
      database: {
        ok: databaseOk,
        engine: database.engine,
        version: database.engineVersion,
        origin: database.origin,
        pingMs: Math.round((performance.now() - pingStartMs) * 10) / 10,
      },
      uptimeS: Math.round((Date.now() - startedAtMs) / 1000),
    });
  });
  return router;
}
