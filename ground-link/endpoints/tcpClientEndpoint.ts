import { connect, type Socket } from 'node:net';
import { nowUs, type Endpoint, type EndpointInput, type RoutedFrame } from '../endpoint.js';

export interface TcpClientOptions {
  host: string;
  port: number;
  /** Wait before reconnecting after the connection drops [ms]. */
  reconnectDelayMs?: number;
}

/**
 * A TCP client, e.g. to a simulator (SITL listens on 5760). The connection is re-made after it
 * drops, so a restarted simulator is picked up again.
 */
export class TcpClientEndpoint implements Endpoint {
  readonly name: string;
  private socket: Socket | null = null;
  private connected = false;
  private closing = false;
  private reconnectTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: TcpClientOptions) {
    this.name = `tcp:${options.host}:${options.port}`;
  }

  get isConnected(): boolean {
    return this.connected;
  }

  async open(input: EndpointInput): Promise<void> {
    this.closing = false;
    this.connect(input);
  }

  write(routed: RoutedFrame): void {
    if (this.connected) this.socket?.write(routed.frame.bytes);
  }

  async close(): Promise<void> {
    this.closing = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const socket = this.socket;
    this.socket = null;
    if (socket && !socket.destroyed) {
      await new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.end();
        socket.destroySoon();
      });
    }
  }

  private connect(input: EndpointInput): void {
    const socket = connect(this.options.port, this.options.host);
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on('connect', () => (this.connected = true));
    socket.on('data', (chunk: Buffer) => void input.receive(chunk, nowUs()));
    socket.on('error', () => {});
    socket.on('close', () => {
      this.connected = false;
      if (this.closing) return;
      this.reconnectTimer = setTimeout(
        () => this.connect(input),
        this.options.reconnectDelayMs ?? 1000,
      );
    });
  }
}
