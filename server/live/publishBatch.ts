import type { VehicleState } from '../../telemetry/model/vehicleState.js';
import type { SplitBatch } from '../ingest/splitBatchByVehicle.js';
import type { VehicleIngestState } from '../ingest/vehicleIngestState.js';
import { isAlert } from './alertEvents.js';
import type { LivePublisher, VehicleAddress } from './livePublisher.js';
import {
  applyLinkStatsToVehicleState,
  applySampleToVehicleState,
} from './vehicleStateFromSamples.js';

export function addressOf(state: VehicleIngestState): VehicleAddress {
  return {
    key: `${state.linkId}:${state.sysId}`,
    rangeId: state.rangeId,
    flightId: state.live.flightId,
    vehicleName: state.vehicleName,
  };
}

/**
 * Sends what a batch says about each vehicle to browsers as soon as it is validated, before
 * it is stored: the live view should lag the link, not the database. Vehicles the link has
 * not introduced yet (their first batch is still being stored) are announced by the pass
 * that registers them.
 */
export class BatchLivePublisher {
  /** Latest live state per vehicle of this link, as browsers were last told. */
  private readonly states = new Map<number, VehicleState>();

  constructor(
    private readonly publisher: LivePublisher,
    private readonly vehicleOf: (sysId: number) => VehicleIngestState | undefined,
  ) {}

  publish(split: SplitBatch, linkId: string, seq: number): void {
    for (const part of split.parts.values()) {
      const vehicle = this.vehicleOf(part.sysId);
      if (!vehicle) continue;
      let state = this.states.get(part.sysId);
      if (!state || state.lastHeardUs < vehicle.live.lastHeardUs) {
        state = { ...vehicle.live };
        this.states.set(part.sysId, state);
      }
      let changed = false;
      for (const sample of part.samples)
        changed = applySampleToVehicleState(state, sample) || changed;
      for (const stats of part.linkStats) applyLinkStatsToVehicleState(state, stats);
      state.flightId = vehicle.live.flightId;
      state.rangeId = vehicle.rangeId;
      state.vehicleName = vehicle.vehicleName;
      const address = addressOf(vehicle);
      if (changed) this.publisher.vehicleState(address, state);
      part.events.forEach((event, index) => {
        if (isAlert(event))
          this.publisher.alert(address, event, `${linkId}:${seq}:${part.sysId}:${index}`);
      });
    }
  }
}
