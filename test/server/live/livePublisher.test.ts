import { describe, expect, it } from 'vitest';
import type { VehicleState } from '../../../telemetry/model/vehicleState.js';
import { LivePublisher } from '../../../server/live/livePublisher.js';
import { initialVehicleState } from '../../../server/live/vehicleStateFromSamples.js';

const address = { key: 'link:1', rangeId: null, flightId: null, vehicleName: 'V1' };

function stateAt(lastHeardUs: number, latDeg: number): VehicleState {
  const state = initialVehicleState({
    linkId: 'link',
    sysId: 1,
    compId: 1,
    rangeId: null,
    vehicleName: 'V1',
  });
  return { ...state, lastHeardUs, latDeg };
}

describe('live publisher', () => {
  it('never sends a vehicle state older than one it already took, so the map never jumps back', () => {
    const publisher = new LivePublisher(null, 10);
    const sent: VehicleState[] = [];
    publisher.onStateSent = (state) => sent.push(state);

    publisher.vehicleState(address, stateAt(5_000_000, 37.5), 0);
    publisher.vehicleState(address, stateAt(1_000_000, 37.4), 1_000); // a late, stale copy
    publisher.vehicleState(address, stateAt(6_000_000, 37.6), 2_000);
    publisher.close();

    expect(sent.map((state) => state.latDeg)).toEqual([37.5, 37.6]);
  });
});
