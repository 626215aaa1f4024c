import type { Namespace, Server, Socket } from 'socket.io';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import {
  joinRoomSchema,
  LIVE_NAMESPACE,
  type JoinRoom,
  type LiveClientToServerEvents,
  type LiveServerToClientEvents,
} from '../../telemetry/contract/live.js';
import { flightAccessFor } from '../access/flightAccess.js';
import { hasPermission } from '../auth/permissions.js';
import { sessionModel } from '../store/models/session.js';
import { sessionFromCookie, sessionUserOf } from '../auth/sessions.js';
import type { SessionUser } from '../auth/sessionUser.js';
import { getModels } from '../store/models/models.js';
import { ALL_ROOM, flightIdOfRoom, flightRoom, rangeRoom } from './liveRooms.js';
import { liveSnapshot, type SnapshotScope } from './liveSnapshot.js';

interface LiveSocketData {
  user: SessionUser;
  /** The session the browser signed in with (its `_id`), and when it runs out [ms since epoch]. */
  sessionId: string;
  expiresAtMs: number;
}

type LiveSocket = Socket<
  LiveClientToServerEvents,
  LiveServerToClientEvents,
  Record<string, never>,
  LiveSocketData
>;

export interface LiveNamespaceDependencies {
  connection: Connection;
  logger: Logger;
  /** Vehicles heard within this time are in a snapshot even without an open flight [ms]. */
  recentMs: number;
}

/** Rooms a join asks for, once the user may see them; an error sentence otherwise. */
async function roomFor(
  connection: Connection,
  user: SessionUser,
  join: JoinRoom,
): Promise<{ room: string; scope: SnapshotScope } | { error: string }> {
  const access = flightAccessFor(connection, user);
  if (join.flightId !== undefined) {
    if (!(await access.canSeeFlight(join.flightId)))
      return { error: `No flight ${join.flightId}.` };
    return { room: flightRoom(join.flightId), scope: { flightId: join.flightId } };
  }
  if (join.rangeId !== undefined) {
    const allowed =
      join.rangeId === 'none'
        ? hasPermission(user.role, 'live:range')
        : await access.canSeeRange(join.rangeId);
    if (!allowed) return { error: `No range ${join.rangeId} you may watch.` };
    return { room: rangeRoom(join.rangeId), scope: { rangeId: join.rangeId } };
  }
  if (!hasPermission(user.role, 'live:range'))
    return { error: 'Join a flight: whole ranges are not shown to this account.' };
  return { room: ALL_ROOM, scope: {} };
}

/**
 * /live: browsers connect with their session cookie and join rooms (a range, a flight, or
 * everything); each join answers with a snapshot of what is flying there now.
 */
export function attachLiveNamespace(io: Server, deps: LiveNamespaceDependencies): Namespace {
  const { connection, logger } = deps;
  const live = io.of(LIVE_NAMESPACE) as Namespace<
    LiveClientToServerEvents,
    LiveServerToClientEvents,
    Record<string, never>,
    LiveSocketData
  >;
  live.use((socket, next) => {
    sessionFromCookie(connection, socket.handshake.headers.cookie)
      .then((session) => {
        if (!session) {
          next(new Error('Not signed in: the session cookie is missing or expired'));
          return;
        }
        if (!hasPermission(session.user.role, 'live:view')) {
          next(new Error('This account may not watch live flights'));
          return;
        }
        socket.data.user = session.user;
        socket.data.sessionId = session.sessionId;
        socket.data.expiresAtMs = session.expiresAtMs;
        next();
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, 'live: session check failed');
        next(new Error('Session check unavailable; retry'));
      });
  });

  live.on('connection', (socket: LiveSocket) => {
    const { user } = socket.data;
    socket.on('join', (input, ack) => {
      const reply = typeof ack === 'function' ? ack : () => {};
      const parsed = joinRoomSchema.safeParse(input);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        reply({
          ok: false,
          error: `${issue?.path.join('.') || 'join'}: ${issue?.message ?? 'invalid'}`,
        });
        return;
      }
      void (async () => {
        const target = await roomFor(connection, user, parsed.data);
        if ('error' in target) {
          reply({ ok: false, error: target.error });
          return;
        }
        // Closed meanwhile (its session ended while the room was being checked): no room.
        if (socket.disconnected) return;
        await socket.join(target.room);
        reply({ ok: true });
        socket.emit('snapshot', await liveSnapshot(connection.db!, target.scope, deps.recentMs));
      })().catch((error: unknown) => {
        logger.error({ err: error, userId: user.id }, 'live: join failed');
        reply({ ok: false, error: 'The live view is unavailable; retry.' });
      });
    });
    socket.on('leave', (input) => {
      const parsed = joinRoomSchema.safeParse(input);
      if (!parsed.success) return;
      const { flightId, rangeId } = parsed.data;
      void socket.leave(flightId ? flightRoom(flightId) : rangeId ? rangeRoom(rangeId) : ALL_ROOM);
    });
  });
  return live as unknown as Namespace;
}

function liveSockets(live: Namespace): LiveSocket[] {
  return [...live.sockets.values()] as unknown as LiveSocket[];
}

/** Closes the sockets whose session ran out (no database needed). */
export function closeExpiredLiveSessions(live: Namespace, nowMs = Date.now()): void {
  for (const socket of liveSockets(live)) {
    if (socket.data.expiresAtMs <= nowMs) socket.disconnect(true);
  }
}

/**
 * Brings open browsers in step with the database: a socket whose session ended (logout) or
 * whose user was disabled, deleted or changed is closed; a maker's socket leaves the room of a
 * flight that is no longer theirs (its vehicle moved to another maker). Sessions, users and
 * flights are each looked up once by `_id`, however many sockets share them.
 */
export async function recheckLiveCredentials(
  live: Namespace,
  connection: Connection,
  logger: Logger,
): Promise<void> {
  const sockets = liveSockets(live).filter((socket) => socket.data.user);
  const nowMs = Date.now();
  const Session = sessionModel(connection);
  const { User } = getModels(connection);
  const openSessions = new Set<string>();
  await Promise.all(
    [...new Set(sockets.map((socket) => socket.data.sessionId))].map(async (sessionId) => {
      const session = await Session.findById(sessionId).select('expiresAt').lean();
      if (session && session.expiresAt.getTime() > nowMs) openSessions.add(sessionId);
    }),
  );
  const users = new Map<string, SessionUser>();
  await Promise.all(
    [...new Set(sockets.map((socket) => socket.data.user.id))].map(async (userId) => {
      const user = await User.findById(userId).lean();
      if (user && !user.disabled) users.set(userId, sessionUserOf(user));
    }),
  );
  const visible = new Map<string, Promise<boolean>>();
  for (const socket of sockets) {
    const was = socket.data.user;
    const now = users.get(was.id);
    if (
      !openSessions.has(socket.data.sessionId) ||
      !now ||
      now.role !== was.role ||
      now.makerId !== was.makerId
    ) {
      logger.info({ userId: was.id }, 'live: session ended or account changed; socket closed');
      socket.disconnect(true);
      continue;
    }
    if (hasPermission(now.role, 'live:range')) continue; // staff see every flight
    for (const room of socket.rooms) {
      const flightId = flightIdOfRoom(room);
      if (!flightId) continue;
      const key = `${now.makerId ?? ''}:${flightId}`;
      let seen = visible.get(key);
      if (!seen) {
        seen = flightAccessFor(connection, now).canSeeFlight(flightId);
        visible.set(key, seen);
      }
      if (!(await seen)) {
        logger.info({ userId: was.id, flightId }, 'live: flight no longer visible; room left');
        void socket.leave(room);
      }
    }
  }
}
