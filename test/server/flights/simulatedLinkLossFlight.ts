import type { Connection } from 'mongoose';
import { Simulator, type InjectedFault } from '../../../ground-link/simulator/index.js';
import { FrameScanner } from '../../../telemetry/mavlink/frameScanner.js';
import { Normaliser } from '../../../telemetry/mavlink/normaliser.js';
import {
  storeLandedFlight,
  type StoredFlight,
} from '../../certification/store/storedFlightFixture.js';

export interface SimulatedLinkLossFlight {
  flight: StoredFlight;
  /** The truth: when the link went silent and came back, when the vehicle switched to RTL. */
  fault: Extract<InjectedFault, { kind: 'link-loss' }>;
  /** The vehicle's own log of the flight (.tlog bytes). */
  onboardLog: Uint8Array;
}

/**
 * The simulator's link-loss flight (the link goes silent for 15 s, the vehicle switches to RTL
 * 3 s into the silence), decoded and stored as the ground heard it, with its onboard log.
 */
export async function storeSimulatedLinkLossFlight(
  connection: Connection,
  seed: number,
): Promise<SimulatedLinkLossFlight> {
  const simulator = new Simulator({ vehicles: 1, scenario: 'link-loss', seed });
  const scanner = new FrameScanner();
  const normaliser = new Normaliser();
  while (!simulator.done) {
    for (const chunk of simulator.advanceTo(simulator.nowUs + 10_000_000)) {
      scanner.push(chunk.bytes, (frame) => normaliser.ingest(frame, chunk.tUs));
    }
  }
  const fault = simulator.truth().vehicles[0]?.faults[0];
  if (fault?.kind !== 'link-loss') throw new Error('the simulator injected no link loss');
  const flight = await storeLandedFlight(
    connection,
    normaliser.takeSamples(),
    normaliser.takeEvents(),
    [],
    { maker: 'Sim', vehicle: 'Sim quad', range: 'Sim range' },
  );
  return { flight, fault, onboardLog: simulator.onboardLogTlog(1) };
}
