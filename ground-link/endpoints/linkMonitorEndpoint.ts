import { Normaliser } from '../../telemetry/mavlink/normaliser.js';
import { lossPctOf } from '../../telemetry/model/linkStats.js';
import type { Endpoint, RoutedFrame } from '../endpoint.js';

export interface LinkHealth {
  vehicles: number;
  /** Frames per second over the last full second. */
  messagesPerS: number;
  /** Frames missing from the MAVLink sequence numbers, over all vehicles [%]. */
  lossPct: number;
  framesTotal: number;
}

/**
 * Watches the link for the status line: which vehicles are heard, how many messages a second,
 * how many are lost. A sink only; it keeps no samples.
 */
export class LinkMonitorEndpoint implements Endpoint {
  readonly name = 'monitor';
  private readonly normaliser = new Normaliser();
  private framesTotal = 0;
  private framesThisSecond = 0;
  private secondStartedMs = performance.now();
  private lastRate = 0;

  async open(): Promise<void> {}

  write(routed: RoutedFrame): void {
    this.normaliser.ingest(routed.frame, routed.tUs);
    // Samples are the uplink's business; drop them so memory stays flat.
    this.normaliser.takeSamples();
    this.normaliser.takeEvents();
    this.framesTotal++;
    this.framesThisSecond++;
  }

  health(): LinkHealth {
    const nowMs = performance.now();
    const elapsedMs = nowMs - this.secondStartedMs;
    if (elapsedMs >= 1000) {
      this.lastRate = (this.framesThisSecond * 1000) / elapsedMs;
      this.framesThisSecond = 0;
      this.secondStartedMs = nowMs;
    }
    const stats = this.normaliser.linkStats();
    const sum = (name: 'framesReceived' | 'framesLostBySeq' | 'framesLostEstimated'): number =>
      stats.reduce((total, s) => total + s[name], 0);
    return {
      vehicles: this.normaliser.vehicles().length,
      messagesPerS: this.lastRate,
      lossPct: lossPctOf({
        framesReceived: sum('framesReceived'),
        framesLostBySeq: sum('framesLostBySeq'),
        framesLostEstimated: sum('framesLostEstimated'),
      }),
      framesTotal: this.framesTotal,
    };
  }

  async close(): Promise<void> {}
}
