import type { DecodeStats } from '../telemetry/model/linkStats.js';
import { FrameScanner } from '../telemetry/mavlink/frameScanner.js';
import type { Endpoint, EndpointInput, RoutedFrame } from './endpoint.js';

interface Route {
  endpoint: Endpoint;
  scanner: FrameScanner;
  ended: boolean;
  /** Receive time of the latest chunk [µs], given to frames found only at the end. */
  lastTUs: number;
}

/**
 * Moves frames between endpoints, as mavlink-router does: one frame scanner per endpoint turns
 * its bytes into frames, and each complete frame goes to every other endpoint, byte-exact.
 */
export class Router {
  private readonly routes: Route[];
  private readonly allSourcesEnded: Promise<void>;
  private resolveAllEnded: () => void = () => {};
  private rejectAllEnded: (error: Error) => void = () => {};
  /** Sources that will end by themselves; the router is "done" when all of them have. */
  private finiteSources = 0;

  constructor(endpoints: readonly Endpoint[]) {
    const names = new Set<string>();
    for (const endpoint of endpoints) {
      if (names.has(endpoint.name)) throw new Error(`Two endpoints are named ${endpoint.name}`);
      names.add(endpoint.name);
    }
    this.routes = endpoints.map((endpoint) => ({
      endpoint,
      scanner: new FrameScanner(),
      ended: false,
      lastTUs: 0,
    }));
    this.allSourcesEnded = new Promise((resolve, reject) => {
      this.resolveAllEnded = resolve;
      this.rejectAllEnded = reject;
    });
    // A failure before anyone awaits finished() is still reported when they do.
    this.allSourcesEnded.catch(() => {});
  }

  get endpoints(): Endpoint[] {
    return this.routes.map((route) => route.endpoint);
  }

  /**
   * Opens every endpoint. `finiteSourceNames` are the sources whose end means the run is over
   * (replays, the simulator); `finished()` resolves when all of them ended.
   */
  async open(finiteSourceNames: readonly string[] = []): Promise<void> {
    this.finiteSources = finiteSourceNames.length;
    for (const route of this.routes) {
      const isFinite = finiteSourceNames.includes(route.endpoint.name);
      await route.endpoint.open(this.inputOf(route, isFinite));
    }
  }

  /**
   * Resolves when every finite source has sent its last frame (never, for live sources only);
   * rejects when a source fails for good.
   */
  finished(): Promise<void> {
    return this.allSourcesEnded;
  }

  /** Frame counters over all sources, cumulative since the router opened. */
  decodeStats(): DecodeStats {
    const total: DecodeStats = { frames: 0, badCrcFrames: 0, junkBytes: 0, unknownMessages: 0 };
    for (const { scanner } of this.routes) {
      total.frames += scanner.stats.frames;
      total.badCrcFrames += scanner.stats.badCrcFrames;
      total.junkBytes += scanner.stats.junkBytes;
      total.unknownMessages += scanner.stats.unknownMessages;
    }
    return total;
  }

  /**
   * Closes the endpoints one by one in the order given: list the sources first, so the sinks
   * after them still take the last frames before they flush.
   */
  async close(): Promise<void> {
    for (const route of this.routes) await route.endpoint.close();
  }

  private inputOf(route: Route, isFinite: boolean): EndpointInput {
    return {
      receive: (chunk, tUs) => this.receive(route, chunk, tUs),
      end: () => {
        if (route.ended) return;
        route.ended = true;
        route.scanner.finish((frame) => {
          void this.deliver({ frame, tUs: route.lastTUs, sourceName: route.endpoint.name }, route);
        });
        if (isFinite && --this.finiteSources === 0) this.resolveAllEnded();
      },
      fail: (error) => {
        route.ended = true;
        this.rejectAllEnded(
          new Error(`${route.endpoint.name}: ${error.message}`, { cause: error }),
        );
      },
    };
  }

  private receive(route: Route, chunk: Uint8Array, tUs: number): Promise<void> {
    const waits: Promise<void>[] = [];
    route.lastTUs = tUs;
    route.scanner.push(chunk, (frame) => {
      const wait = this.deliver({ frame, tUs, sourceName: route.endpoint.name }, route);
      if (wait) waits.push(wait);
    });
    return waits.length === 0 ? Promise.resolve() : Promise.all(waits).then(() => undefined);
  }

  private deliver(routed: RoutedFrame, from: Route): Promise<void> | undefined {
    let waits: Promise<void>[] | undefined;
    for (const route of this.routes) {
      if (route === from) continue;
      const wait = route.endpoint.write(routed);
      if (wait) (waits ??= []).push(wait);
    }
    if (!waits) return undefined;
    // A sink that cannot take frames (disk full) ends the run with its error, never silently.
    return Promise.all(waits).then(
      () => undefined,
      (error: unknown) =>
        this.rejectAllEnded(error instanceof Error ? error : new Error(String(error))),
    );
  }
}
