import { randomBytes } from 'node:crypto';
import { type Connection } from 'mongoose';
import { EntityId } from '../store/ids.js';
import { getModels } from '../store/models/models.js';
import { announceCredentialChange } from './credentialChanges.js';
import type { Role } from '../store/models/user.js';
import { SESSION_COOKIE, readCookie } from './sessionCookie.js';
import { sessionModel } from '../store/models/session.js';
import type { SessionUser } from './sessionUser.js';
import { sha256Hex } from './sha256.js';

export type { SessionUser } from './sessionUser.js';

/** A token is 32 random bytes, base64url: 43 characters. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** Starts a session for a user; the token goes into the cookie and is stored only hashed. */
export async function createSession(
  connection: Connection,
  userId: string,
  ttlMs: number,
): Promise<{ token: string; expiresAt: Date }> {
  const Session = sessionModel(connection);
  const now = new Date();
  // No TTL index on FerretDB: each login sweeps away sessions that have run out.
  await Session.deleteMany({ expiresAt: { $lte: now } });
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + ttlMs);
  await Session.create({
    _id: sha256Hex(token),
    userId: new EntityId(userId),
    createdAt: now,
    expiresAt,
  });
  return { token, expiresAt };
}

/** Ends the session a token belongs to (a no-op for an unknown token). */
export async function deleteSession(connection: Connection, token: string): Promise<void> {
  if (!TOKEN_PATTERN.test(token)) return;
  const { deletedCount } = await sessionModel(connection).deleteOne({ _id: sha256Hex(token) });
  // Its browser's open sockets close too.
  if (deletedCount > 0) await announceCredentialChange(connection);
}

/** Ends every session of a user: after a password change, a role change or disabling. */
export async function deleteSessionsOfUser(connection: Connection, userId: string): Promise<void> {
  await sessionModel(connection).deleteMany({ userId: new EntityId(userId) });
  await announceCredentialChange(connection);
}

/** A signed-in browser: its user, and the session that proves it. */
export interface SessionOfUser {
  user: SessionUser;
  /** The session's `_id` (the token's SHA-256), to check later that it still exists. */
  sessionId: string;
  expiresAtMs: number;
}

/** A stored user as routes and sockets see the caller. */
export function sessionUserOf(user: {
  _id: EntityId;
  email: string;
  name: string;
  role: string;
  makerId?: EntityId | null;
}): SessionUser {
  return {
    id: user._id.toHexString(),
    email: user.email,
    name: user.name,
    role: user.role as Role,
    makerId: user.makerId ? user.makerId.toHexString() : null,
  };
}

/** The session a token opens, or null when unknown, expired or the user is disabled. */
export async function sessionFromToken(
  connection: Connection,
  token: string,
): Promise<SessionOfUser | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  const Session = sessionModel(connection);
  const session = await Session.findById(sha256Hex(token)).lean();
  if (!session) return null;
  if (session.expiresAt.getTime() <= Date.now()) {
    await Session.deleteOne({ _id: session._id });
    return null;
  }
  const user = await getModels(connection).User.findById(session.userId).lean();
  if (!user || user.disabled) return null;
  return {
    user: sessionUserOf(user),
    sessionId: session._id,
    expiresAtMs: session.expiresAt.getTime(),
  };
}

/** The user a session token belongs to, or null when unknown, expired or the user is disabled. */
export async function userFromSessionToken(
  connection: Connection,
  token: string,
): Promise<SessionUser | null> {
  return (await sessionFromToken(connection, token))?.user ?? null;
}

/** The session of the `sortie_session` cookie in a Cookie header (HTTP or Socket.IO handshake). */
export async function sessionFromCookie(
  connection: Connection,
  cookieHeader: string | undefined,
): Promise<SessionOfUser | null> {
  const token = readCookie(cookieHeader, SESSION_COOKIE);
  return token ? sessionFromToken(connection, token) : null;
}

/** The user of the `sortie_session` cookie in a Cookie header (HTTP or Socket.IO handshake). */
export async function userFromSessionCookie(
  connection: Connection,
  cookieHeader: string | undefined,
): Promise<SessionUser | null> {
  return (await sessionFromCookie(connection, cookieHeader))?.user ?? null;
}
