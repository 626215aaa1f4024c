import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Endpoint, EndpointInput } from '../endpoint.js';
import { Simulator, type GroundTruth, type SimulatorOptions } from '../simulator/index.js';
import { Pacer, type ReplaySpeed } from './pacer.js';

export interface SimulatorEndpointOptions {
  simulator: SimulatorOptions;
  /** ×1 is real time; 'max' runs the flight as fast as the other endpoints take it. */
  speed: ReplaySpeed;
}

/** Simulated time advanced per step [µs]: one physics step of the simulator. */
const SLICE_US = 20_000;
/** At max speed, let timers and sockets run after this many frames. */
const FRAMES_BETWEEN_YIELDS = 500;

/**
 * The built-in simulator as a MAVLink source: a fleet of simulated vehicles flying a scenario,
 * frames stamped with simulated ground time. Writes to it (commands) are dropped.
 */
export class SimulatorEndpoint implements Endpoint {
  readonly name = 'simulator';
  readonly simulator: Simulator;
  private stopped = false;
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly options: SimulatorEndpointOptions) {
    this.simulator = new Simulator(options.simulator);
  }

  /** What really happened so far, to check Sortie's view against. */
  truth(): GroundTruth {
    return this.simulator.truth();
  }

  async open(input: EndpointInput): Promise<void> {
    this.running = this.run(input);
  }

  write(): void {}

  async close(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  private async run(input: EndpointInput): Promise<void> {
    const pacer = new Pacer(this.options.speed);
    const simulator = this.simulator;
    let untilUs = simulator.options.startUs;
    let framesSinceYield = 0;
    try {
      while (!simulator.done && !this.stopped) {
        untilUs += SLICE_US;
        for (const chunk of simulator.advanceTo(untilUs)) {
          await pacer.waitFor(chunk.tUs);
          await input.receive(chunk.bytes, chunk.tUs);
          if (++framesSinceYield >= FRAMES_BETWEEN_YIELDS) {
            framesSinceYield = 0;
            await yieldToEventLoop();
          }
        }
      }
      input.end();
    } catch (error) {
      input.fail(error instanceof Error ? error : new Error(String(error)));
    }
  }
}
