import type { FlightEvent } from '../../telemetry/model/flightEvent.js';
import type { Sample } from '../../telemetry/model/sample.js';
import type { VehicleState } from '../../telemetry/model/vehicleState.js';
import type { FenceChecker } from '../certification/fences/fenceChecker.js';
import type { FenceStatus } from '../certification/fences/fenceStatus.js';
import { fenceTransitionEvents } from '../certification/fences/fenceTransitionEvents.js';

export interface FenceStep {
  /** What the live view shows for the vehicle. */
  shown: VehicleState['fenceStatus'];
  /** The status to compare the next sample with; null while disarmed or unchecked. */
  remembered: FenceStatus | null;
  /** Warning, breach, return and predicted-breach events the change of status raises. */
  events: FlightEvent[];
}

/**
 * One position sample through the range's fences. Null when the sample has no fix (nothing
 * changes). Events are raised only while armed, like an autopilot's own fence: a vehicle carried
 * across the range on the ground is not a breach, but arming outside the fence is one.
 *
 * The remembered status is the caller's to keep: ingest keeps it in the vehicle's stored state,
 * the live path beside the state it shows, so both raise the same events from the same samples.
 */
export function fenceStep(
  checker: FenceChecker | null,
  remembered: FenceStatus | null,
  sample: Sample<'position'>,
  armed: boolean,
): FenceStep | null {
  if (checker === null) return { shown: 'unknown', remembered: null, events: [] };
  const { latDeg, lonDeg, altRelM, vnMps, veMps, vdMps } = sample.values;
  if (latDeg === null || lonDeg === null) return null;
  const status = checker.check({ latDeg, lonDeg, altRelM, vnMps, veMps, vdMps });
  if (!armed) return { shown: status.state, remembered: null, events: [] };
  const events = fenceTransitionEvents(remembered, status, {
    tUs: sample.tUs,
    sysId: sample.sysId,
    compId: sample.compId,
  });
  return { shown: status.state, remembered: status, events };
}
