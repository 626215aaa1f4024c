import type { RequestHandler } from 'express';
import type { Connection } from 'mongoose';
import { userFromSessionCookie } from './sessions.js';

/** Puts the session's user (or nothing) in `res.locals.user` for the routes behind it. */
export function sessionMiddleware(connection: Connection): RequestHandler {
  return async (req, res, next) => {
    const user = await userFromSessionCookie(connection, req.headers.cookie);
    if (user) res.locals.user = user;
    next();
  };
}
