import { Simulator, type ScenarioName } from '../../../ground-link/simulator/index.js';

export interface SimulatedFrame {
  tUs: number;
  bytes: Uint8Array;
}

/** The first `seconds` of a simulated flight's frames, one MAVLink frame each. */
export function simulatedFrames(
  seed: number,
  seconds: number,
  options: { vehicles?: number; scenario?: ScenarioName } = {},
): SimulatedFrame[] {
  const simulator = new Simulator({
    vehicles: options.vehicles ?? 1,
    scenario: options.scenario ?? 'clean',
    seed,
  });
  return simulator.advanceTo(simulator.options.startUs + seconds * 1_000_000);
}

/** A seed for this run, printed so a failure can be replayed with SORTIE_TEST_SEED. */
export function testSeed(label: string): number {
  const fromEnv = process.env.SORTIE_TEST_SEED;
  const seed = fromEnv ? Number(fromEnv) : Math.floor(Math.random() * 0xffffffff);
  console.log(`${label}: seed ${seed} (set SORTIE_TEST_SEED=${seed} to repeat)`);
  return seed;
}

export function concatFrames(frames: readonly SimulatedFrame[]): Buffer {
  return Buffer.concat(frames.map((f) => f.bytes));
}
