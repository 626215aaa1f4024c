import type { FlightEvent } from '../../telemetry/model/flightEvent.js';
import { storeEvent } from '../store/ingest/eventNumbering.js';
import type { IngestSettings } from './ingestSettings.js';
import type { IngestWritePlan } from '../store/ingest/ingestWritePlan.js';
import type { OpenFlight, VehicleIngestState } from './vehicleIngestState.js';

/** MAV_SEVERITY_CRITICAL: an operator must look now. */
const CRITICAL = 2;
const INFO = 6;

/**
 * Raises `link-lost` for an armed vehicle not heard for `linkLostAfterS`, judged on the server
 * clock so a vehicle that stops sending is noticed while it is silent. The event is stamped
 * with the ground time a ground station with that time-out notices (last heard + time-out);
 * `data.lastHeardUs` is where the loss began.
 *
 * Silence before `silenceCountsFromMs` is not the vehicle's: while the database was away its
 * batches waited in the ground-link's spool (DatabaseAvailability.silenceCountsFromMs), so
 * the clock starts again when the database is back. A vehicle that really went quiet meanwhile
 * is still caught: by this watch `linkLostAfterS` later, or by the ground-time gap when its
 * next frames are folded (noteVehicleHeard).
 */
export function raiseLinkLostIfSilent(
  state: VehicleIngestState,
  nowMs: number,
  settings: IngestSettings,
  plan: IngestWritePlan,
  silenceCountsFromMs = -Infinity,
): boolean {
  const flight = state.flight;
  if (!flight?.armed || (state.linkLostSinceUs ?? null) !== null) return false;
  const silentSinceMs = Math.max(state.lastIngestAtMs, silenceCountsFromMs);
  if (nowMs - silentSinceMs < settings.linkLostAfterS * 1000) return false;
  raiseLinkLost(state, flight, settings, plan);
  return true;
}

/**
 * Called for everything heard from a vehicle, in ground-time order. The first thing heard
 * after a loss raises `link-restored`. A gap in ground time longer than the time-out that the
 * server clock did not see (a replay faster than real time, a batch held in a spool) is a loss
 * too: `link-lost` is raised then, at the instant it would have been, before the restore.
 */
export function noteVehicleHeard(
  state: VehicleIngestState,
  flight: OpenFlight,
  heardAtUs: number,
  settings: IngestSettings,
  plan: IngestWritePlan,
): void {
  if ((state.linkLostSinceUs ?? null) === null) {
    const gapUs = heardAtUs - flight.lastTUs;
    if (!flight.armed || gapUs < settings.linkLostAfterS * 1e6) return;
    raiseLinkLost(state, flight, settings, plan);
  }
  const lostSinceUs = state.linkLostSinceUs as number;
  state.linkLostSinceUs = null;
  const silentS = Math.round((heardAtUs - lostSinceUs) / 1e5) / 10;
  raise(state, flight, plan, {
    type: 'link-restored',
    tUs: heardAtUs,
    sysId: state.sysId,
    compId: state.compId,
    severity: INFO,
    message: `Link restored after ${silentS} s`,
    data: { lastHeardUs: lostSinceUs, silentS },
  });
}

function raiseLinkLost(
  state: VehicleIngestState,
  flight: OpenFlight,
  settings: IngestSettings,
  plan: IngestWritePlan,
) {
  raise(state, flight, plan, {
    type: 'link-lost',
    tUs: flight.lastTUs + Math.round(settings.linkLostAfterS * 1e6),
    sysId: state.sysId,
    compId: state.compId,
    severity: CRITICAL,
    message: `Link lost: not heard for ${settings.linkLostAfterS} s`,
    data: { lastHeardUs: flight.lastTUs },
  });
  state.linkLostSinceUs = flight.lastTUs;
}

function raise(
  state: VehicleIngestState,
  flight: OpenFlight,
  plan: IngestWritePlan,
  event: FlightEvent,
) {
  storeEvent(flight, event, 'server', plan);
  plan.notices.push({ type: 'server-event', flightId: flight.flightId, event, state });
}
