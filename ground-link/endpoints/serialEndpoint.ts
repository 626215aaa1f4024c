import { stat } from 'node:fs/promises';
import { SerialPort } from 'serialport';
import { nowUs, type Endpoint, type EndpointInput, type RoutedFrame } from '../endpoint.js';

export interface SerialOptions {
  /** Device path, e.g. /dev/ttyUSB0 or /dev/ttyACM0. */
  path: string;
  baudRate: number;
  /**
   * Wait before reopening a port that went away (a radio unplugged), and how often the open
   * port's path is checked for the device it was opened on [ms].
   */
  reopenDelayMs?: number;
}

/**
 * A serial port: a telemetry radio or an autopilot on USB. Bytes both ways, byte-exact. A port
 * that disappears (USB unplugged) is reopened until it is back.
 *
 * A device that goes away is not always reported: a pty whose other end closed is hung up, and
 * a hung-up tty reads as 0 bytes, which serialport retries forever instead of closing. So the
 * open port's path is also checked: once it no longer leads to the device opened (gone, or a
 * new device under the same name), the port is closed and reopened like any lost port.
 */
export class SerialEndpoint implements Endpoint {
  readonly name: string;
  private port: SerialPort | null = null;
  private closing = false;
  private reopenTimer: NodeJS.Timeout | null = null;
  private watchTimer: NodeJS.Timeout | null = null;

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
    this.stopWatching();
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
      this.stopWatching();
      if (!this.closing) this.reopenLater(input);
    });
    await this.watchDevice(port);
  }

  /** Closes `port` (and so reopens it) once its path stops leading to the device opened. */
  private async watchDevice(port: SerialPort): Promise<void> {
    const device = await deviceNumber(this.options.path);
    if (typeof device !== 'number' || !port.isOpen || this.port !== port) return;
    this.stopWatching();
    const timer = setInterval(() => {
      void deviceNumber(this.options.path).then((now) => {
        if (this.closing || !port.isOpen || this.port !== port) {
          clearInterval(timer);
          return;
        }
        // A path that cannot be read now (permissions) proves nothing; gone or replaced does.
        if (now === null || now === device) return;
        clearInterval(timer);
        port.close();
      });
    }, this.options.reopenDelayMs ?? 1000);
    timer.unref();
    this.watchTimer = timer;
  }

  private stopWatching(): void {
    if (this.watchTimer) clearInterval(this.watchTimer);
    this.watchTimer = null;
  }

  private reopenLater(input: EndpointInput): void {
    this.reopenTimer = setTimeout(() => {
      if (this.closing) return;
      this.openPort(input).catch(() => this.reopenLater(input));
    }, this.options.reopenDelayMs ?? 1000);
  }
}

/**
 * The device a path leads to (following links): 'gone' when nothing is there; null when it
 * cannot be told (then the port is not watched).
 */
async function deviceNumber(path: string): Promise<number | 'gone' | null> {
  try {
    return (await stat(path)).rdev;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'gone' : null;
  }
}
