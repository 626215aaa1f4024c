import { Router, type Request, type Response } from 'express';
import { hasPermission } from '../../auth/permissions.js';
import type { SessionUser } from '../../auth/sessionUser.js';
import { forbidden, unauthorized } from '../httpError.js';
import type { ApiDependencies } from './apiDependencies.js';
import { wellFormedInputSchema } from './commonSchemas.js';
import type { Route } from './defineRoute.js';

/** The user the session middleware found for this request, if any. */
export function requestUser(res: Response): SessionUser | null {
  return (res.locals.user as SessionUser | undefined) ?? null;
}

function checkAccess(route: Route, user: SessionUser | null): void {
  if (route.access === 'public') return;
  if (!user) throw unauthorized();
  if (route.access === 'signed-in') return;
  if (!hasPermission(user.role, route.access.permission)) {
    throw forbidden(
      `Your role (${user.role}) does not allow this: it needs ${route.access.permission}.`,
    );
  }
}

/**
 * Mounts routes on a router. Order per request: access (401/403) before validation (400), so
 * a caller without the right learns nothing from the error about what input would work.
 */
export function mountRoutes(routes: readonly Route[], deps: ApiDependencies): Router {
  const router = Router();
  for (const route of routes) {
    router[route.method](route.path, async (req: Request, res: Response) => {
      const user = requestUser(res);
      checkAccess(route, user);
      const params = route.params
        ? route.params.parse(wellFormedInputSchema.parse(req.params))
        : {};
      const query = route.query ? route.query.parse(wellFormedInputSchema.parse(req.query)) : {};
      const body = route.body ? route.body.parse(wellFormedInputSchema.parse(req.body)) : undefined;
      const result = await route.handle({ params, query, body, user, deps, req, res });
      if (result !== undefined) res.status(route.successStatus ?? 200).json(result);
      else if (!res.headersSent) res.status(route.successStatus ?? 204).end();
    });
  }
  return router;
}
