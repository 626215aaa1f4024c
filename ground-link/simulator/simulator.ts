import { open } from 'node:fs/promises';
import type { GroundTruth } from './groundTruth.js';
import { FLIGHT_PROFILE, padPosition } from './flightProfile.js';
import { deriveSeed } from './prng.js';
import { defaultRangeFence, type RangeFence } from './rangeFence.js';
import { SimulatedVehicle, type SimulatedChunk } from './simulatedVehicle.js';
import {
  resolveSimulatorOptions,
  type ResolvedSimulatorOptions,
  type SimulatorOptions,
} from './simulatorOptions.js';
import { encodeTlogRecord } from '../../telemetry/tlog/tlogRecord.js';

export type { SimulatedChunk } from './simulatedVehicle.js';
export type { SimulatorOptions } from './simulatorOptions.js';

/** Physics step: 50 Hz is smooth enough for 15 Hz attitude output and cheap for 100 vehicles. */
export const PHYSICS_STEP_US = 20_000;
/** The simulation keeps running this long after the last vehicle disarms. */
export const AFTER_LAST_DISARM_US = 3_000_000;
/** Hard stop in case a vehicle never lands. */
const MAX_SIMULATED_US = 20 * 60 * 1_000_000;
const US_PER_S = 1_000_000;

/**
 * A fleet of simulated PX4 quadrotors emitting MAVLink 2, in simulated time: advanceTo returns
 * what the ground would have received by then, as fast as the machine can compute it. Pure:
 * the same options give the same frames whatever slices the time is advanced in.
 */
export class Simulator {
  readonly options: ResolvedSimulatorOptions;
  readonly fence: RangeFence;
  private readonly vehicles: SimulatedVehicle[];
  private stepUs: number;
  private emittedUntilUs: number;
  private endUs: number;

  constructor(options: SimulatorOptions) {
    this.options = resolveSimulatorOptions(options);
    const { vehicles, startUs, origin, firstSysId, faultySysId, scenario, seed, durationS } =
      this.options;
    this.fence = defaultRangeFence(origin);
    this.vehicles = Array.from({ length: vehicles }, (_, index) => {
      const sysId = firstSysId + index;
      const faulty = sysId === faultySysId;
      return new SimulatedVehicle({
        sysId,
        compId: 1,
        origin,
        pad: padPosition(index, vehicles),
        startUs,
        seed: deriveSeed(seed, index),
        scenario: faulty ? scenario : 'clean',
        faulty,
        fence: this.fence,
        armDelayS: FLIGHT_PROFILE.preflightS + (index % 10),
      });
    });
    this.stepUs = startUs;
    this.emittedUntilUs = startUs - 1;
    const durationUs = durationS === null ? MAX_SIMULATED_US : Math.round(durationS * US_PER_S);
    this.endUs = startUs + Math.min(durationUs, MAX_SIMULATED_US);
  }

  /** All vehicles landed and disarmed and a few seconds passed, or durationS is over. */
  get done(): boolean {
    return this.emittedUntilUs >= this.endUs;
  }

  /** Simulated time the frames have been produced up to [µs]. */
  get nowUs(): number {
    return Math.max(this.emittedUntilUs, this.options.startUs);
  }

  /** Frames due up to and including simulated time untilUs, in time order. */
  advanceTo(untilUs: number): SimulatedChunk[] {
    if (!Number.isFinite(untilUs))
      throw new Error(`advanceTo needs a finite time in µs, got ${untilUs}`);
    const perVehicle: SimulatedChunk[][] = this.vehicles.map(() => []);
    let limitUs = Math.min(Math.floor(untilUs), this.endUs);
    while (this.stepUs + PHYSICS_STEP_US <= limitUs) {
      const nextStepUs = this.stepUs + PHYSICS_STEP_US;
      // Frames due before the next step report the state of the current one.
      this.emitAll(nextStepUs - 1, perVehicle);
      for (const vehicle of this.vehicles) vehicle.step(nextStepUs);
      this.stepUs = nextStepUs;
      this.noticeEnd();
      limitUs = Math.min(limitUs, this.endUs);
    }
    this.emitAll(limitUs, perVehicle);
    return mergeByTime(perVehicle);
  }

  /**
   * One vehicle's onboard log so far as .tlog bytes: its HEARTBEAT and STATUSTEXT frames, those
   * the ground never heard included, stamped with simulated time (the clock the ground's
   * receive times use too). Empty for an unknown system id.
   */
  onboardLogTlog(sysId: number): Uint8Array {
    const vehicle = this.vehicles.find((v) => v.sysId === sysId);
    const records = (vehicle?.onboardLog() ?? []).map((chunk) =>
      encodeTlogRecord(chunk.tUs, chunk.bytes),
    );
    return Buffer.concat(records);
  }

  /** Ground truth so far. */
  truth(): GroundTruth {
    const { scenario, seed, startUs, origin } = this.options;
    return {
      formatVersion: 1,
      scenario,
      seed,
      startUs,
      simulatedUntilUs: this.nowUs,
      origin: { ...origin },
      fence: structuredClone(this.fence),
      vehicles: this.vehicles.map((vehicle) => vehicle.truth()),
    };
  }

  private emitAll(untilUs: number, perVehicle: SimulatedChunk[][]): void {
    if (untilUs <= this.emittedUntilUs) return;
    this.vehicles.forEach((vehicle, index) => vehicle.emitDue(untilUs, perVehicle[index] ?? []));
    this.emittedUntilUs = untilUs;
  }

  private noticeEnd(): void {
    let lastDisarmUs = -Infinity;
    for (const vehicle of this.vehicles) {
      const disarmUs = vehicle.disarmedAfterFlightUs;
      if (disarmUs === null) return;
      lastDisarmUs = Math.max(lastDisarmUs, disarmUs);
    }
    this.endUs = Math.min(this.endUs, lastDisarmUs + AFTER_LAST_DISARM_US);
  }
}

/** Merges per-vehicle time-ordered lists; ties go to the lower system id. */
function mergeByTime(lists: SimulatedChunk[][]): SimulatedChunk[] {
  const merged = lists.flat();
  // Array.prototype.sort is stable, and `flat` keeps vehicle order, so ties stay deterministic.
  return lists.length > 1 ? merged.sort((a, b) => a.tUs - b.tUs) : merged;
}

/** Simulates the whole flight straight into a .tlog file; resolves with the ground truth. */
export async function simulateToTlog(
  options: SimulatorOptions,
  path: string,
): Promise<GroundTruth> {
  const simulator = new Simulator(options);
  const file = await open(path, 'w');
  try {
    const sliceUs = 10 * US_PER_S;
    for (let untilUs = simulator.options.startUs; !simulator.done; untilUs += sliceUs) {
      const chunks = simulator.advanceTo(untilUs);
      if (chunks.length === 0) continue;
      // One write per slice: a write per frame would make the file system the bottleneck.
      const records = chunks.map((chunk) => encodeTlogRecord(chunk.tUs, chunk.bytes));
      await file.write(Buffer.concat(records));
    }
  } finally {
    await file.close();
  }
  return simulator.truth();
}
