import type { VehicleState } from '../../telemetry/model/vehicleState.js';
import type { FenceChecker } from '../certification/fences/fenceChecker.js';
import type { FenceStatus } from '../certification/fences/fenceStatus.js';
import type { SplitBatch } from '../ingest/splitBatchByVehicle.js';
import type { VehicleIngestState } from '../ingest/vehicleIngestState.js';
import { fenceStep } from '../ingest/vehicleFenceCheck.js';
import { alertId, isAlert } from './alertEvents.js';
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
 * that registers them. Positions are checked against the range's fences here too, so a fence
 * alert reaches the operator before the batch is stored (the stored pass raises the same
 * events, with the same alert ids).
 */
export class BatchLivePublisher {
  /** Latest live state per vehicle of this link, as browsers were last told. */
  private readonly states = new Map<number, VehicleState>();
  /** Fence status per vehicle to compare the next position with, as ingest keeps it. */
  private readonly fences = new Map<number, FenceStatus | null>();

  constructor(
    private readonly publisher: LivePublisher,
    private readonly vehicleOf: (sysId: number) => VehicleIngestState | undefined,
    private readonly fenceCheckerOf: (rangeId: string | null) => FenceChecker | null = () => null,
  ) {}

  publish(split: SplitBatch): void {
    for (const part of split.parts.values()) {
      const vehicle = this.vehicleOf(part.sysId);
      if (!vehicle) continue;
      let state = this.states.get(part.sysId);
      if (!state || state.lastHeardUs < vehicle.live.lastHeardUs) {
        state = { ...vehicle.live };
        this.states.set(part.sysId, state);
        this.fences.set(part.sysId, vehicle.fence ?? null);
      }
      const address = addressOf(vehicle);
      const scope = vehicle.live.flightId ?? address.key;
      const checker = this.fenceCheckerOf(vehicle.rangeId);
      const alerts = part.events.filter(isAlert);
      let changed = false;
      for (const sample of part.samples) {
        if (!applySampleToVehicleState(state, sample)) continue;
        changed = true;
        if (sample.kind !== 'position') continue;
        const step = fenceStep(checker, this.fences.get(part.sysId) ?? null, sample, state.armed);
        if (!step) continue;
        state.fenceStatus = step.shown;
        this.fences.set(part.sysId, step.remembered);
        alerts.push(...step.events.filter(isAlert));
      }
      for (const stats of part.linkStats) applyLinkStatsToVehicleState(state, stats);
      state.flightId = vehicle.live.flightId;
      state.rangeId = vehicle.rangeId;
      state.vehicleName = vehicle.vehicleName;
      if (changed) this.publisher.vehicleState(address, state);
      for (const event of alerts) this.publisher.alert(address, event, alertId(scope, event));
    }
  }
}
