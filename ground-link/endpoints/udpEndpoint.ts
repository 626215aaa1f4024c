import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { nowUs, type Endpoint, type EndpointInput, type RoutedFrame } from '../endpoint.js';

const RECEIVE_BUFFER_BYTES = 4 * 1024 * 1024;

export interface UdpListenOptions {
  /** Address to listen on; 0.0.0.0 hears every interface. */
  host: string;
  port: number;
}

/**
 * A UDP server, the way autopilots and radios usually talk to a ground station (port 14550):
 * it listens, learns the peer from the latest datagram, and sends frames for the vehicle back
 * to that peer.
 */
export class UdpEndpoint implements Endpoint {
  readonly name: string;
  private socket: Socket | null = null;
  private peer: RemoteInfo | null = null;

  constructor(private readonly options: UdpListenOptions) {
    this.name = `udp:${options.host}:${options.port}`;
  }

  /** The port actually bound (useful with port 0). */
  get boundPort(): number {
    return this.socket?.address().port ?? this.options.port;
  }

  /** The address the endpoint answers to, once a datagram has arrived. */
  get peerAddress(): string | null {
    return this.peer ? `${this.peer.address}:${this.peer.port}` : null;
  }

  async open(input: EndpointInput): Promise<void> {
    // A big receive buffer rides out bursts of a whole fleet while the event loop is busy
    // (the kernel caps it at net.core.rmem_max).
    const socket = createSocket({ type: 'udp4', recvBufferSize: RECEIVE_BUFFER_BYTES });
    this.socket = socket;
    socket.on('message', (datagram, remote) => {
      this.peer = remote;
      void input.receive(datagram, nowUs());
    });
    await new Promise<void>((resolve, reject) => {
      const onError = (error: Error) =>
        reject(
          new Error(
            `Cannot listen on UDP ${this.options.host}:${this.options.port}: ${error.message}`,
          ),
        );
      socket.once('error', onError);
      socket.bind(this.options.port, this.options.host, () => {
        socket.off('error', onError);
        resolve();
      });
    });
    // Later errors (an ICMP port-unreachable answer) must not crash the ground-link.
    socket.on('error', () => {});
  }

  write(routed: RoutedFrame): void {
    if (!this.socket || !this.peer) return;
    this.socket.send(routed.frame.bytes, this.peer.port, this.peer.address);
  }

  async close(): Promise<void> {
    const socket = this.socket;
    this.socket = null;
    if (socket) await new Promise<void>((resolve) => socket.close(() => resolve()));
  }
}
