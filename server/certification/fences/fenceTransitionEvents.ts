import type { FlightEvent } from '../../../telemetry/model/flightEvent.js';
import type { FenceStatus } from './fenceStatus.js';

export interface FenceEventContext {
  tUs: number;
  sysId: number;
  compId: number;
}

/**
 * The flight events a change of fence status raises: `fence-warning`, `fence-breach`,
 * `fence-return` (back inside after a breach) and `fence-predicted-breach` (rising edge only).
 * Pure: the caller keeps the previous status wherever its process keeps vehicle state.
 */
export function fenceTransitionEvents(
  previous: FenceStatus | null,
  current: FenceStatus,
  context: FenceEventContext,
): FlightEvent[] {
  const events: FlightEvent[] = [];
  const before = previous?.state ?? 'inside';
  const base = { tUs: context.tUs, sysId: context.sysId, compId: context.compId };
  const data = {
    boundaryId: current.boundaryId,
    clearanceM: round2(current.clearanceM),
    breachDistanceM: round2(current.breachDistanceM),
    breachedIds: current.breachedIds.join(','),
  };
  if (current.state === 'breach' && before !== 'breach') {
    events.push({
      ...base,
      type: 'fence-breach',
      severity: 2,
      message: `Fence breach: ${current.breachDistanceM.toFixed(1)} m beyond ${current.boundaryId ?? 'fence'}`,
      data,
    });
  } else if (current.state === 'warning' && before === 'inside') {
    events.push({
      ...base,
      type: 'fence-warning',
      severity: 4,
      message: `Fence warning: ${(current.clearanceM ?? 0).toFixed(1)} m from ${current.boundaryId ?? 'fence'}`,
      data,
    });
  }
  if (before === 'breach' && current.state !== 'breach') {
    events.push({
      ...base,
      type: 'fence-return',
      severity: 5,
      message: `Back inside the fence (${current.state})`,
      data,
    });
  }
  if (current.predictedBreach && !(previous?.predictedBreach ?? false)) {
    events.push({
      ...base,
      type: 'fence-predicted-breach',
      severity: 4,
      message: `Predicted fence breach in ${(current.timeToBreachS ?? 0).toFixed(1)} s at ${current.timeToBreachBoundaryId ?? 'fence'}`,
      data: {
        ...data,
        boundaryId: current.timeToBreachBoundaryId,
        timeToBreachS: round2(current.timeToBreachS),
      },
    });
  }
  return events;
}

function round2(value: number | null): number | null {
  return value === null ? null : Math.round(value * 100) / 100;
}
