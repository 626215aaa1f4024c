import { SerialPort } from 'serialport';
import { nowUs, type Endpoint, type EndpointInput, type RoutedFrame } from '../endpoint.js';

export interface SerialOptions {
  /** Device path, e.g. /dev/ttyUSB0 or /dev/ttyACM0. */
  path: string;
  baudRate: number;
  /** Wait before reopening a port that went away (a radio unplugged) [ms]. */
  reopenDelayMs?: number;
}

/**
 * A serial port: a telemetry radio or an autopilot on USB. Bytes both ways, byte-exact. A port
 * that disappears (USB unplugged) is reopened until it is back.
 */
export class SerialEndpoint implements Endpoint {
  readonly name: string;
  private port: SerialPort | null = null;
  private closing = false;
  private reopenTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: SerialOptions) {
    this.name = `serial:${options.path}`;
  }

  get isOpen(): boolean {
    return this.port?.isOpen ?? false;
  }

  /** Opening the port the first time must work: a wrong path is an error to report at once. */
  async open(input: EndpointInput): Promise<void> {
    this.closing = false;
    await this.openPort(input);
  }

  write(routed: RoutedFrame): void {
    if (this.port?.isOpen) this.port.write(routed.frame.bytes);
  }

  async close(): Promise<void> {
    this.closing = true;
    if (this.reopenTimer) clearTimeout(this.reopenTimer);
    const port = this.port;
    this.port = null;
    if (!port?.isOpen) return;
    await new Promise<void>((resolve) => port.drain(() => resolve()));
    await new Promise<void>((resolve) => port.close(() => resolve()));
  }

  private async openPort(input: EndpointInput): Promise<void> {
    const port = new SerialPort({
      path: this.options.path,
      baudRate: this.options.baudRate,
      autoOpen: false,
    });
    await new Promise<void>((resolve, reject) =>
      port.open((error) =>
        error
          ? reject(new Error(`Cannot open serial port ${this.options.path}: ${error.message}`))
          : resolve(),
      ),
    );
    this.port = port;
    port.on('data', (chunk: Buffer) => void input.receive(chunk, nowUs()));
    port.on('error', () => {});
    port.on('close', () => {
      if (!this.closing) this.reopenLater(input);
    });
  }

  private reopenLater(input: EndpointInput): void {
    this.reopenTimer = setTimeout(() => {
      if (this.closing) return;
      this.openPort(input).catch(() => this.reopenLater(input));
    }, this.options.reopenDelayMs ?? 1000);
  }
}
