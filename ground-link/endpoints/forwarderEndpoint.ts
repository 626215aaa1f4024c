import { createSocket, type Socket } from 'node:dgram';
import { once } from 'node:events';
import { nowUs, type Endpoint, type EndpointInput, type RoutedFrame } from '../endpoint.js';

export interface ForwardTarget {
  host: string;
  port: number;
}

/**
 * Forwards every frame, byte-exact, to a second ground station (QGroundControl, Mission
 * Planner) over UDP, and routes what that station sends back (commands, its heartbeat) to the
 * other endpoints, so the operator can still fly through it.
 */
export class ForwarderEndpoint implements Endpoint {
  readonly name: string;
  private socket: Socket | null = null;

  constructor(private readonly target: ForwardTarget) {
    this.name = `forward:udp:${target.host}:${target.port}`;
  }

  async open(input: EndpointInput): Promise<void> {
    const socket = createSocket('udp4');
    this.socket = socket;
    socket.on('message', (datagram, remote) => {
      if (remote.port !== this.target.port) return;
      void input.receive(datagram, nowUs());
    });
    // Nobody listening answers with ICMP port-unreachable: the station may start later.
    socket.on('error', () => {});
    socket.bind(0);
    await once(socket, 'listening');
  }

  write(routed: RoutedFrame): void {
    this.socket?.send(routed.frame.bytes, this.target.port, this.target.host);
  }

  async close(): Promise<void> {
    const socket = this.socket;
    this.socket = null;
    if (socket) await new Promise<void>((resolve) => socket.close(() => resolve()));
  }
}
