import { useEffect, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import {
  LIVE_NAMESPACE,
  type JoinRoom,
  type LiveClientToServerEvents,
  type LiveServerToClientEvents,
} from '../../../telemetry/contract/live';
import type { LiveStore } from './liveStore';

type LiveSocket = Socket<LiveServerToClientEvents, LiveClientToServerEvents>;

/** Socket.IO's own words for a network failure; the status line already says "reconnecting". */
const TRANSPORT_ERRORS = /^(xhr poll error|websocket error|timeout|xhr post error|server error)$/i;

export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected';

/**
 * Connects to /live with the session cookie (same origin), joins the room and feeds the store.
 * Socket.IO reconnects by itself; on every (re)connect we join again and get a fresh snapshot.
 */
export function useLiveConnection(
  store: LiveStore,
  room: JoinRoom,
  onFlightChange?: () => void,
): { status: ConnectionStatus; error: string | null } {
  const [status, setStatus] = useState<ConnectionStatus>('connecting');
  const [error, setError] = useState<string | null>(null);
  const roomKey = JSON.stringify(room);

  useEffect(() => {
    const joinRoom = JSON.parse(roomKey) as JoinRoom;
    const socket: LiveSocket = io(LIVE_NAMESPACE, { withCredentials: true });
    socket.on('connect', () => {
      setStatus('connected');
      socket.emit('join', joinRoom, (answer) =>
        setError(answer.ok ? null : (answer.error ?? null)),
      );
    });
    socket.on('disconnect', () => setStatus('disconnected'));
    socket.on('connect_error', (cause) => {
      setStatus('disconnected');
      // A refusal by the server carries its sentence; a transport failure only a code word.
      setError(TRANSPORT_ERRORS.test(cause.message) ? null : cause.message);
    });
    socket.on('snapshot', (snapshot) => store.applySnapshot(snapshot));
    socket.on('vehicle-state', (state) => store.applyState(state));
    socket.on('alert', (alert) => store.addAlert(alert));
    socket.on('flight-started', () => onFlightChange?.());
    socket.on('flight-ended', () => onFlightChange?.());
    return () => {
      socket.removeAllListeners();
      socket.disconnect();
    };
  }, [store, roomKey, onFlightChange]);

  return { status, error };
}
