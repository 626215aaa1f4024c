import type { Request, Response } from 'express';
import type { Connection } from 'mongoose';
import type { Config } from '../../../config.js';
import { decoyPasswordHash, hashPassword, verifyPassword } from '../../../auth/passwords.js';
import { permissionsOf } from '../../../auth/permissions.js';
import {
  countLoginAttempt,
  forgiveLoginAttempt,
  type LoginAttempt,
} from '../../../auth/loginThrottle.js';
import {
  SESSION_COOKIE,
  readCookie,
  sessionCookieAttributes,
} from '../../../auth/sessionCookie.js';
import { createSession, deleteSession, deleteSessionsOfUser } from '../../../auth/sessions.js';
import type { SessionUser } from '../../../auth/sessionUser.js';
import { getModels } from '../../../store/models/models.js';
import type { Role } from '../../../store/models/user.js';
import { HttpError } from '../../httpError.js';
import { hexOrNull } from '../commonSchemas.js';
import { defineRoute } from '../defineRoute.js';
import { loginBodySchema, meResponseSchema, passwordChangeSchema } from './schemas.js';

function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

/** Opens a session for the user and hands its token to the browser as the session cookie. */
async function startSession(
  res: Response,
  connection: Connection,
  config: Config,
  userId: string,
): Promise<void> {
  const { token } = await createSession(connection, userId, config.auth.sessionTtlMs);
  res.cookie(
    SESSION_COOKIE,
    token,
    sessionCookieAttributes({
      secure: config.auth.publicUrl?.startsWith('https:') ?? false,
      ttlMs: config.auth.sessionTtlMs,
    }),
  );
}

/** Counts a password attempt (login or password change), with Retry-After on a 429. */
async function countAttempt(
  res: Response,
  connection: Connection,
  email: string,
  address: string,
): Promise<LoginAttempt> {
  return countLoginAttempt(connection, email, address).catch((error: unknown) => {
    if (error instanceof HttpError && error.status === 429) {
      const { retryAfterS } = error.details as { retryAfterS: number };
      res.setHeader('retry-after', String(retryAfterS));
    }
    throw error;
  });
}

const wrongCredentials = () =>
  new HttpError(401, 'invalid_credentials', 'The e-mail or the password is wrong.');

export const authRoutes = [
  defineRoute({
    method: 'post',
    path: '/auth/login',
    tag: 'auth',
    summary:
      'Log in with e-mail and password; sets the httpOnly session cookie. Failed attempts are limited per account and per address (429), counted before the password is checked.',
    access: 'public',
    body: loginBodySchema,
    response: meResponseSchema,
    async handle({ body, deps, req, res }) {
      const { connection, config, logger } = deps;
      const address = clientAddress(req);
      const attempt = await countAttempt(res, connection, body.email, address);
      const stored = await getModels(connection)
        .User.findOne({ email: body.email })
        .select('+passwordHash')
        .lean();
      // Verify against a decoy when the account is unknown, so timing does not tell.
      const passwordOk = await verifyPassword(
        stored?.passwordHash ?? (await decoyPasswordHash()),
        body.password,
      );
      if (!stored || !passwordOk || stored.disabled) {
        logger.info({ email: body.email, address }, 'login refused');
        throw wrongCredentials();
      }
      const user: SessionUser = {
        id: stored._id.toHexString(),
        email: stored.email,
        name: stored.name,
        role: stored.role as Role,
        makerId: hexOrNull(stored.makerId),
      };
      await startSession(res, connection, config, user.id);
      await getModels(connection).User.updateOne(
        { _id: stored._id },
        { $set: { lastLoginAt: new Date() } },
      );
      await forgiveLoginAttempt(connection, attempt);
      logger.info({ userId: user.id, role: user.role }, 'logged in');
      return { user, permissions: [...permissionsOf(user.role)] };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/auth/logout',
    tag: 'auth',
    summary: 'End this session and clear its cookie (harmless without one).',
    access: 'public',
    successStatus: 204,
    async handle({ deps, req, res }) {
      const token = readCookie(req.headers.cookie, SESSION_COOKIE);
      if (token) await deleteSession(deps.connection, token);
      res.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict' });
      return undefined;
    },
  }),
  defineRoute({
    method: 'get',
    path: '/me',
    tag: 'auth',
    summary: 'Who is logged in, and what their role allows.',
    access: 'signed-in',
    response: meResponseSchema,
    async handle({ user }) {
      return { user, permissions: [...permissionsOf(user.role)] };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/me/password',
    tag: 'auth',
    summary:
      'Change your own password (the current one is asked again, limited like logins: 429). Every other session of yours ends; this one gets a fresh cookie.',
    access: 'signed-in',
    body: passwordChangeSchema,
    successStatus: 204,
    async handle({ body, deps, user, req, res }) {
      const { connection, config, logger } = deps;
      const { User } = getModels(connection);
      const address = clientAddress(req);
      // Guesses at the current password share the account's login budget.
      const attempt = await countAttempt(res, connection, user.email, address);
      const stored = await User.findById(user.id).select('+passwordHash').lean();
      if (!stored || !(await verifyPassword(stored.passwordHash, body.currentPassword))) {
        logger.info({ userId: user.id, address }, 'password change refused: wrong password');
        throw new HttpError(403, 'wrong_password', 'The current password is wrong.');
      }
      await forgiveLoginAttempt(connection, attempt);
      await User.updateOne(
        { _id: stored._id },
        { $set: { passwordHash: await hashPassword(body.newPassword) } },
      );
      // A stolen session must not outlive the password change that was meant to stop it.
      await deleteSessionsOfUser(connection, user.id);
      await startSession(res, connection, config, user.id);
      logger.info({ userId: user.id }, 'password changed');
      return undefined;
    },
  }),
];
