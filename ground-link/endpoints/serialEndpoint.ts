import { SerialPort } from 'serialport';
import { nowUs, type Endpoint, type EndpointInput, type RoutedFrame } from '../endpoint.js';

export interface SerialOptions {
  /** Device path, e.g. /dev/ttyUSB0 or /dev/ttyACM0. */
  path: string;
  baudRate: number;
}

/** A serial port: a telemetry radio or an autopilot on USB. Bytes both ways, byte-exact. */
export class SerialEndpoint implements Endpoint {
  readonly name: string;
  private port: SerialPort | null = null;

  constructor(private readonly options: SerialOptions) {
    this.name = `serial:${options.path}`;
  }

  async open(input: EndpointInput): Promise<void> {
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
  }

  write(routed: RoutedFrame): void {
    this.port?.write(routed.frame.bytes);
  }

  async close(): Promise<void> {
    const port = this.port;
    this.port = null;
    if (!port?.isOpen) return;
    await new Promise<void>((resolve) => port.drain(() => resolve()));
    await new Promise<void>((resolve) => port.close(() => resolve()));
  }
}
