import { Router } from 'express';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import { corsPolicy } from '../../auth/corsPolicy.js';
import { sameOriginGuard } from '../../auth/sameOriginGuard.js';
import { sessionMiddleware } from '../../auth/sessionMiddleware.js';
import type { Config } from '../../config.js';
import { openStore } from '../../store/store.js';
import { apiKeyRoutes } from './apiKeys/apiKeyRoutes.js';
import { auditRoutes } from './audit/auditRoutes.js';
import { authRoutes } from './auth/authRoutes.js';
import { certificationRoutes } from './certification/certificationRoutes.js';
import { setupRoutes } from './auth/setupRoutes.js';
import type { Route } from './defineRoute.js';
import { docsRoutes } from './docsRoutes.js';
import type { FlightDataSource } from './flights/flightDataSource.js';
import { flightRoutes } from './flights/flightRoutes.js';
import { importRoutes } from './flights/importRoutes.js';
import { onboardLogRoutes } from './flights/onboardLogRoutes.js';
import { storedFlightData } from './flights/storedFlightData.js';
import { makerRoutes } from './makers/makerRoutes.js';
import { mountRoutes } from './mountRoutes.js';
import { basemapRoutes } from './ranges/basemapRoutes.js';
import { rangeRoutes } from './ranges/rangeRoutes.js';
import { signingKeyRoutes } from './signing/signingKeyRoutes.js';
import { userRoutes } from './users/userRoutes.js';
import { vehicleRoutes } from './vehicles/vehicleRoutes.js';

/** Every REST route but the documentation's own, in the order the docs list them. */
export const resourceRoutes: readonly Route[] = [
  ...authRoutes,
  ...setupRoutes,
  ...importRoutes,
  ...flightRoutes,
  ...onboardLogRoutes,
  ...vehicleRoutes,
  ...makerRoutes,
  ...rangeRoutes,
  ...basemapRoutes,
  ...userRoutes,
  ...apiKeyRoutes,
  ...auditRoutes,
  ...certificationRoutes,
  ...signingKeyRoutes,
];

export interface ApiRouterOptions {
  connection: Connection;
  config: Config;
  logger: Logger;
  flightData?: FlightDataSource;
}

/**
 * The REST API, mounted at /api: CORS (closed unless configured), the session's user,
 * the cross-site guard, then the routes.
 */
export function apiRouter({
  connection,
  config,
  logger,
  flightData = storedFlightData,
}: ApiRouterOptions): Router {
  const router = Router();
  router.use(corsPolicy(config.auth.corsOrigins));
  router.use(sessionMiddleware(connection));
  // Behind a TLS proxy the request arrives as http://; the public URL names the real origin.
  const publicOrigin = config.auth.publicUrl ? [new URL(config.auth.publicUrl).origin] : [];
  router.use(sameOriginGuard([...config.auth.corsOrigins, ...publicOrigin]));
  const routes = [...resourceRoutes, ...docsRoutes(resourceRoutes)];
  router.use(
    mountRoutes(routes, { store: openStore(connection), connection, config, logger, flightData }),
  );
  return router;
}

/** Every route with its method and path, for tests that must cover them all. */
export function allApiRoutes(): readonly Route[] {
  return [...resourceRoutes, ...docsRoutes(resourceRoutes)];
}
