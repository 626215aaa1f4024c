import type { AnySample, Sample } from '../../telemetry/model/sample.js';
import type { FlightEvent } from '../../telemetry/model/flightEvent.js';
import {
  AUTOPILOT_INVALID,
  applyLinkStatsToVehicleState,
  applySampleToVehicleState,
} from '../live/vehicleStateFromSamples.js';
import type { FenceChecker } from '../certification/fences/fenceChecker.js';
import { appendSample } from '../store/ingest/bucketAppender.js';
import { storeEvent } from '../store/ingest/eventNumbering.js';
import { addSampleToSummary } from './flightSummary.js';
import {
  applyArmed,
  closeFlight,
  graceExpired,
  openFlight,
  preFlightTooLong,
  refreshSummary,
} from './flightLifecycle.js';
import { discardPreFlight } from './discardPreFlight.js';
import type { IngestSettings } from './ingestSettings.js';
import type { IngestWritePlan } from '../store/ingest/ingestWritePlan.js';
import { noteVehicleHeard } from './linkLossWatch.js';
import { addRawRecord } from '../store/ingest/rawPieces.js';
import type { VehiclePart } from './splitBatchByVehicle.js';
import { fenceStep } from './vehicleFenceCheck.js';
import type { LinkCounters, OpenFlight, VehicleIngestState } from './vehicleIngestState.js';

type TimelineItem =
  | { tUs: number; order: 0; sample: AnySample }
  | { tUs: number; order: 1; event: FlightEvent }
  | { tUs: number; order: 2; raw: Uint8Array };

function timelineOf(part: VehiclePart): TimelineItem[] {
  const items: TimelineItem[] = [];
  for (const sample of part.samples) items.push({ tUs: sample.tUs, order: 0, sample });
  for (const event of part.events) items.push({ tUs: event.tUs, order: 1, event });
  for (const raw of part.raw) items.push({ tUs: raw.tUs, order: 2, raw: raw.bytes });
  // Ground time orders everything; at one instant the heartbeat's arm state comes first.
  return items.sort((a, b) => a.tUs - b.tUs || a.order - b.order);
}

/** The arm state a heartbeat or an arm/disarm event tells, or null. */
function armedObservation(item: TimelineItem): boolean | null {
  if (item.order === 0 && item.sample.kind === 'heartbeat') {
    const { armed, autopilot } = item.sample.values;
    if (autopilot === AUTOPILOT_INVALID || armed === null) return null;
    return armed === 1;
  }
  if (item.order === 1 && (item.event.type === 'arm' || item.event.type === 'disarm')) {
    return item.event.type === 'arm';
  }
  return null;
}

/**
 * Folds one batch's data of one vehicle into its ingest state, in ground-time order: flights
 * open, arm, disarm and close as the data says; samples go into buckets and the summary,
 * events into the event store, raw records into the flight's next raw piece. Every position
 * is checked against the range's fences; a change of fence state is stored as an event of the
 * server's and told to browsers once the pass is stored.
 */
export function foldVehiclePart(
  state: VehicleIngestState,
  part: VehiclePart,
  context: {
    seq: number;
    nowMs: number;
    settings: IngestSettings;
    /** The range's fences, or null when it has none. */
    fenceChecker: FenceChecker | null;
  },
  plan: IngestWritePlan,
): void {
  const { settings, nowMs } = context;
  for (const item of timelineOf(part)) {
    let flight = state.flight;
    if (flight && graceExpired(flight, item.tUs, settings)) {
      closeFlight(state, 'disarm', plan, nowMs);
      flight = null;
    } else if (flight && preFlightTooLong(flight, item.tUs)) {
      discardPreFlight(state, plan);
      flight = null;
    }
    flight ??= openFlight(state, item.tUs, plan);
    noteVehicleHeard(state, flight, item.tUs, settings, plan);
    const armed = armedObservation(item);
    if (armed !== null) applyArmed(state, flight, armed, item.tUs, plan);
    if (item.order === 0) {
      if (appendSample(flight, item.sample, plan)) {
        addSampleToSummary(flight.summary, item.sample, flight.armed);
        applySampleToVehicleState(state.live, item.sample);
        if (item.sample.kind === 'position') {
          checkFences(state, flight, item.sample, context.fenceChecker, plan);
        }
      }
    } else if (item.order === 1) {
      storeEvent(flight, item.event, 'link', plan);
    } else {
      addRawRecord(plan, flight, item.raw, item.tUs);
    }
    if (item.tUs > flight.lastTUs) flight.lastTUs = item.tUs;
  }
  for (const stats of part.linkStats) {
    applyLinkStatsToVehicleState(state.live, stats);
    countLinkFrames(state, stats);
  }
  state.appliedSeq = context.seq;
  state.lastIngestAtMs = nowMs;
  if (state.flight) refreshSummary(state.flight, nowMs, settings, plan);
}

function checkFences(
  state: VehicleIngestState,
  flight: OpenFlight,
  sample: Sample<'position'>,
  checker: FenceChecker | null,
  plan: IngestWritePlan,
) {
  const step = fenceStep(checker, state.fence ?? null, sample, flight.armed);
  if (!step) return;
  state.live.fenceStatus = step.shown;
  state.fence = step.remembered;
  for (const event of step.events) {
    storeEvent(flight, event, 'server', plan);
    plan.notices.push({ type: 'server-event', flightId: flight.flightId, event, state });
  }
}

/** The link reports cumulative counters; the flight counts what grew while it was open. */
function countLinkFrames(state: VehicleIngestState, stats: LinkCounters) {
  const previous = state.linkCounters;
  // Counters that went down belong to a restarted ground-link: they count from zero again.
  const restarted = !previous || stats.framesReceived < previous.framesReceived;
  const grown = (name: keyof LinkCounters): number =>
    restarted ? stats[name] : Math.max(0, stats[name] - (previous[name] ?? 0));
  const deltas = {
    framesReceived: grown('framesReceived'),
    framesLostBySeq: grown('framesLostBySeq'),
    framesLostEstimated: grown('framesLostEstimated'),
  };
  state.linkCounters = {
    framesReceived: stats.framesReceived,
    framesLostBySeq: stats.framesLostBySeq,
    framesLostEstimated: stats.framesLostEstimated,
  };
  if (state.flight) {
    state.flight.summary.framesReceived += deltas.framesReceived;
    state.flight.summary.framesLostBySeq += deltas.framesLostBySeq;
    state.flight.summary.framesLostEstimated += deltas.framesLostEstimated;
  }
}
