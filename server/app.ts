import { join } from 'node:path';
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { PROJECT_ROOT, type Config } from './config.js';
import type { Database } from './db/connectDatabase.js';
import { errorHandler, notFoundHandler } from './http/errorHandler.js';
import { clientRouter } from './http/clientRouter.js';
import { healthRouter } from './http/healthRouter.js';
import { refuseWhileDatabaseAway } from './http/refuseWhileDatabaseAway.js';
import { apiRouter } from './http/routes/apiRouter.js';

export interface AppDependencies {
  config: Config;
  database: Database;
  logger: Logger;
  startedAtMs?: number;
}

/** The Express application: middleware at the boundary, a router per resource, one error handler. */
export function createApp({
  config,
  database,
  logger,
  startedAtMs = Date.now(),
}: AppDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  // Client addresses (login throttle, logs) come from X-Forwarded-For only through known proxies.
  app.set('trust proxy', config.auth.trustProxyHops);
  app.use(helmet());
  app.use(express.json({ limit: config.http.bodyLimit }));

  app.use(healthRouter(database, startedAtMs));
  app.use('/api', refuseWhileDatabaseAway(database.availability));
  app.use('/api', apiRouter({ connection: database.connection, config, logger }));

  app.use(
    clientRouter({ distDir: join(PROJECT_ROOT, 'client', 'dist'), tileUrl: config.client.tileUrl }),
  );
  app.use(notFoundHandler);
  app.use(errorHandler(logger));
  return app;
}
