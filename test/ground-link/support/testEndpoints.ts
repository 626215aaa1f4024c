import type { Endpoint, EndpointInput, RoutedFrame } from '../../../ground-link/endpoint.js';

/** A sink that keeps every frame the router gives it, for the test to compare. */
export class CollectingEndpoint implements Endpoint {
  readonly frames: RoutedFrame[] = [];
  private waiters: (() => void)[] = [];

  constructor(readonly name = 'collector') {}

  async open(): Promise<void> {}

  write(routed: RoutedFrame): void {
    this.frames.push(routed);
    for (const wake of this.waiters.splice(0)) wake();
  }

  async close(): Promise<void> {}

  /** The bytes of all frames received, concatenated. */
  bytes(): Buffer {
    return Buffer.concat(this.frames.map((f) => f.frame.bytes));
  }

  /** Resolves once `count` frames have arrived; rejects after `timeoutMs`. */
  async waitForFrames(count: number, timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.frames.length < count) {
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(
          `${this.name}: ${this.frames.length} of ${count} frames after ${timeoutMs} ms`,
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}

/** A source the test drives by hand: whatever it sends goes through the router like any input. */
export class HandSource implements Endpoint {
  private input: EndpointInput | null = null;

  constructor(readonly name = 'hand') {}

  async open(input: EndpointInput): Promise<void> {
    this.input = input;
  }

  send(bytes: Uint8Array, tUs: number): Promise<void> {
    if (!this.input) throw new Error('HandSource is not open');
    return this.input.receive(bytes, tUs);
  }

  end(): void {
    this.input?.end();
  }

  write(): void {}

  async close(): Promise<void> {}
}
