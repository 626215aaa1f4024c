import type { FlightEvent } from '../../telemetry/model/flightEvent.js';
import { toFlightStorageDocument } from '../store/flights/flightStorage.js';
import { sealAllBuckets } from '../store/ingest/bucketAppender.js';
import { flightObjectId } from './flightObjectId.js';
import { emptySummary, summaryForFlight } from './flightSummary.js';
import type { IngestSettings } from './ingestSettings.js';
import { updateFlight, type IngestWritePlan } from '../store/ingest/ingestWritePlan.js';
import { discardPreFlight } from './discardPreFlight.js';
import { flushRawPiece } from '../store/ingest/rawPieces.js';
import { storeEvent } from '../store/ingest/eventNumbering.js';
import type { OpenFlight, VehicleIngestState } from './vehicleIngestState.js';

/**
 * A flight runs from the first sample heard (the pre-flight part) through arm and disarm
 * until the grace after the last disarm has passed, or until the vehicle falls silent. It is
 * listed only once the vehicle arms: what a vehicle sends while it sits unarmed (powered on
 * the pad, or left on after landing) is the pre-flight part of the flight that arms next, or
 * is discarded (see `preFlightTooLong` and `closeFlight`).
 */
export function openFlight(state: VehicleIngestState, tUs: number, plan: IngestWritePlan) {
  const flightId = flightObjectId(state.linkId, state.sysId, tUs).toHexString();
  const flight: OpenFlight = {
    flightId,
    listed: false,
    startedAtUs: tUs,
    armedAtUs: null,
    armed: false,
    disarmedAtUs: null,
    lastTUs: tUs,
    storage: { kinds: {}, eventCount: 0, rawPieceCount: 0 },
    openBuckets: [],
    summary: emptySummary(),
    summaryWrittenAtMs: 0,
  };
  state.flight = flight;
  plan.notices.push({ type: 'vehicle-heard', state });
  return flight;
}

/** Whether the flight is in the flight list (it has armed, or was stored before that rule). */
export function isListed(flight: OpenFlight): boolean {
  return flight.listed !== false;
}

/**
 * The longest pre-flight part kept [s]: a vehicle left on unarmed for longer starts a new
 * pre-flight part, the older one discarded, so a flight keeps between 0 and this much of what
 * came before its arming.
 */
export const PRE_FLIGHT_MAX_S = 300;

export function preFlightTooLong(flight: OpenFlight, tUs: number): boolean {
  return !isListed(flight) && tUs - flight.startedAtUs > PRE_FLIGHT_MAX_S * 1e6;
}

/** The vehicle armed: the flight, pre-flight part and all, goes into the flight list. */
function listFlight(state: VehicleIngestState, flight: OpenFlight, plan: IngestWritePlan) {
  flight.listed = true;
  state.live.flightId = flight.flightId;
  plan.newFlights.push({
    _id: flight.flightId,
    vehicleId: state.vehicleId,
    makerId: state.makerId,
    rangeId: state.rangeId,
    vehicleName: state.vehicleName,
    makerName: state.makerName,
    linkId: state.linkId,
    sysId: state.sysId,
    compId: state.compId,
    startedAtUs: flight.startedAtUs,
  });
  plan.notices.push({ type: 'flight-started', flightId: flight.flightId, state });
}

/** A re-arm within the grace clears the pending disarm: a bounce is one flight. */
export function applyArmed(
  state: VehicleIngestState,
  flight: OpenFlight,
  armed: boolean,
  tUs: number,
  plan: IngestWritePlan,
) {
  if (armed === flight.armed) return;
  flight.armed = armed;
  if (armed) {
    flight.disarmedAtUs = null;
    if (!isListed(flight)) listFlight(state, flight, plan);
    if (flight.armedAtUs === null) {
      flight.armedAtUs = tUs;
      updateFlight(plan, flight.flightId, { armedAt: new Date(tUs / 1000) });
    }
  } else {
    flight.disarmedAtUs = tUs;
  }
}

export function graceExpired(flight: OpenFlight, tUs: number, settings: IngestSettings): boolean {
  return (
    !flight.armed &&
    flight.disarmedAtUs !== null &&
    tUs - flight.disarmedAtUs > settings.armGraceS * 1e6
  );
}

export type EndReason = 'disarm' | 'link-silent';

/**
 * Seals what is open, writes the final summary and the storage index, and ends the flight.
 * A flight that never armed is no flight: its pre-flight part is discarded instead.
 */
export function closeFlight(
  state: VehicleIngestState,
  reason: EndReason,
  plan: IngestWritePlan,
  nowMs: number,
) {
  const flight = state.flight;
  if (!flight) return;
  if (!isListed(flight)) {
    discardPreFlight(state, plan);
    return;
  }
  if (reason === 'link-silent') {
    const event: FlightEvent = {
      type: 'flight-closed-silent',
      tUs: flight.lastTUs,
      sysId: state.sysId,
      compId: state.compId,
      severity: 4,
      message: `Flight closed: vehicle not heard for ${Math.round((nowMs - state.lastIngestAtMs) / 1000)} s`,
      data: { armed: flight.armed, lastHeardUs: flight.lastTUs },
    };
    storeEvent(flight, event, 'server', plan);
    plan.notices.push({ type: 'server-event', flightId: flight.flightId, event, state });
  }
  sealAllBuckets(flight, plan);
  flushRawPiece(plan, flight);
  const endedAtUs =
    reason === 'disarm' && flight.disarmedAtUs !== null ? flight.disarmedAtUs : flight.lastTUs;
  updateFlight(plan, flight.flightId, {
    status: 'landed',
    endReason: reason,
    endedAt: new Date(endedAtUs / 1000),
    disarmedAt: flight.disarmedAtUs === null ? null : new Date(flight.disarmedAtUs / 1000),
    lastHeardAt: new Date(flight.lastTUs / 1000),
    summary: summaryForFlight(flight.summary, flight),
  });
  plan.storageIndexes.push(toFlightStorageDocument(flight.flightId, flight.storage));
  plan.notices.push({ type: 'flight-ended', flightId: flight.flightId, reason, state });
  state.flight = null;
  state.live.flightId = null;
  state.linkLostSinceUs = null;
}

/**
 * Time-outs judged on the server clock, so a vehicle that stops sending still gets its flight
 * closed: the disarm grace when nothing more came after a disarm, else the silent time-out.
 */
export function closeIfTimedOut(
  state: VehicleIngestState,
  nowMs: number,
  settings: IngestSettings,
  plan: IngestWritePlan,
): boolean {
  const flight = state.flight;
  if (!flight) return false;
  const quietMs = nowMs - state.lastIngestAtMs;
  if (!flight.armed && flight.disarmedAtUs !== null && quietMs > settings.armGraceS * 1000) {
    closeFlight(state, 'disarm', plan, nowMs);
    return true;
  }
  if (quietMs > settings.linkSilentTimeoutS * 1000) {
    closeFlight(state, 'link-silent', plan, nowMs);
    return true;
  }
  return false;
}

/** Rewrites the live summary at most every `summaryIntervalS` (each write costs a round trip). */
export function refreshSummary(
  flight: OpenFlight,
  nowMs: number,
  settings: IngestSettings,
  plan: IngestWritePlan,
) {
  if (!isListed(flight)) return;
  if (nowMs - flight.summaryWrittenAtMs < settings.summaryIntervalS * 1000) return;
  flight.summaryWrittenAtMs = nowMs;
  updateFlight(plan, flight.flightId, {
    summary: summaryForFlight(flight.summary, flight),
    lastHeardAt: new Date(flight.lastTUs / 1000),
  });
}
