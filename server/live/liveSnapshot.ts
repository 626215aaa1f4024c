import type { LiveAlert, LiveTrack } from '../../telemetry/contract/live.js';
import type { VehicleState } from '../../telemetry/model/vehicleState.js';
import { eventId, flightEventsCollection } from '../store/flights/flightEventStore.js';
import { findByIds } from '../store/flights/findByIds.js';
import type { Db } from '../store/driver.js';
import { findAllVehicleStates } from '../store/ingest/vehicleStateStore.js';
import type { VehicleIngestState } from '../ingest/vehicleIngestState.js';
import { alertId, isAlert } from './alertEvents.js';
import { liveTrackOf } from './liveTrack.js';

/** Alerts of a live flight a joining browser is shown: the latest few. */
const RECENT_EVENTS_SCANNED = 50;

export interface SnapshotScope {
  rangeId?: string;
  flightId?: string;
}

/**
 * What a browser joining mid-flight is sent at once: the state of every vehicle in scope heard
 * within `recentMs`, the track each live flight has flown so far, and its recent alerts. Read
 * from MongoDB, so it is the same whichever server instance the browser reached.
 */
export async function liveSnapshot(
  db: Db,
  scope: SnapshotScope,
  recentMs: number,
  nowMs = Date.now(),
): Promise<{ vehicles: VehicleState[]; tracks: LiveTrack[]; alerts: LiveAlert[] }> {
  const states = (await findAllVehicleStates(db)).filter(
    (state: VehicleIngestState) =>
      (state.flight !== null || nowMs - state.lastIngestAtMs <= recentMs) &&
      (scope.rangeId === undefined || (state.rangeId ?? 'none') === scope.rangeId) &&
      (scope.flightId === undefined || state.flight?.flightId === scope.flightId),
  );
  const tracks: LiveTrack[] = [];
  const alerts: LiveAlert[] = [];
  for (const state of states) {
    const flight = state.flight;
    if (!flight) continue;
    tracks.push(await liveTrackOf(db, flight, state.sysId));
    const first = Math.max(0, flight.storage.eventCount - RECENT_EVENTS_SCANNED);
    const recentIds = Array.from({ length: flight.storage.eventCount - first }, (_, i) =>
      eventId(flight.flightId, first + i),
    );
    for (const event of await findByIds(flightEventsCollection(db), recentIds)) {
      if (!event || !isAlert(event)) continue;
      const { type, tUs, sysId, compId, severity, message, data } = event;
      alerts.push({
        id: alertId(flight.flightId, event),
        flightId: flight.flightId,
        rangeId: state.rangeId,
        vehicleName: state.vehicleName,
        event: { type, tUs, sysId, compId, severity, message, data },
      });
    }
  }
  return { vehicles: states.map((state) => state.live), tracks, alerts };
}
