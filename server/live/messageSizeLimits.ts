import type { Socket } from 'socket.io';

/**
 * Largest message any connection may send before it has authenticated, and all a browser on
 * /live ever sends (a join names one room) [bytes].
 */
export const SMALL_MESSAGE_BYTES = 16 * 1024;

interface EngineTransport {
  name: string;
  /** Polling: the largest request body. */
  maxHttpBufferSize?: number;
  /** WebSocket: the `ws` socket, whose receiver refuses larger frames before buffering them. */
  socket?: { _receiver?: { _maxPayload?: number } };
}

function raiseTransportLimit(transport: EngineTransport, maxBytes: number): void {
  if (transport.name === 'websocket') {
    const receiver = transport.socket?._receiver;
    if (receiver && typeof receiver._maxPayload === 'number') receiver._maxPayload = maxBytes;
  } else if (typeof transport.maxHttpBufferSize === 'number') {
    transport.maxHttpBufferSize = maxBytes;
  }
}

/**
 * Socket.IO's size limit is one for the whole server; ground-links need room for a full batch
 * but nobody else does. The server starts every connection at SMALL_MESSAGE_BYTES, and this
 * raises one connection's limit once it authenticated where large messages belong (/ingest),
 * for its transport now and the one it may upgrade to.
 */
export function allowLargeMessages(socket: Socket, maxBytes: number): void {
  const conn = socket.conn as unknown as {
    transport: EngineTransport;
    once(event: 'upgrade', listener: (transport: EngineTransport) => void): void;
  };
  raiseTransportLimit(conn.transport, maxBytes);
  conn.once('upgrade', (transport) => raiseTransportLimit(transport, maxBytes));
}
