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
import { userFromSessionCookie } from '../auth/sessions.js';
import type { SessionUser } from '../auth/sessionUser.js';
import { ALL_ROOM, flightRoom, rangeRoom } from './liveRooms.js';
import { liveSnapshot, type SnapshotScope } from './liveSnapshot.js';

interface LiveSocketData {
  user: SessionUser;
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
    userFromSessionCookie(connection, socket.handshake.headers.cookie)
      .then((user) => {
        if (!user) {
          next(new Error('Not signed in: the session cookie is missing or expired'));
          return;
        }
        if (!hasPermission(user.role, 'live:view')) {
          next(new Error('This account may not watch live flights'));
          return;
        }
        socket.data.user = user;
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
