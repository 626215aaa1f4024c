import type { SampleKind } from '../../telemetry/model/sampleKinds.js';
import { eventId } from '../store/flights/flightEventStore.js';
import { rawPieceFileId } from '../store/flights/rawTlogStore.js';
import { bucketId } from '../store/flights/telemetryBuckets.js';
import { overviewPageId, overviewPageOf } from '../store/flights/telemetryOverview.js';
import type { IngestWritePlan } from '../store/ingest/ingestWritePlan.js';
import { forgetOverview } from '../store/ingest/overviewAppender.js';
import type { VehicleIngestState } from './vehicleIngestState.js';

/**
 * Drops the pre-flight part of a flight that never armed: nothing of it stays in the plan, and
 * what earlier passes stored of it is named (by `_id`, all derived from its storage index) for
 * deletion. A pass that dies before its states are stored folds the same batches again, stores
 * the same documents again and discards them again.
 */
export function discardPreFlight(state: VehicleIngestState, plan: IngestWritePlan): void {
  const flight = state.flight;
  if (!flight) return;
  const { flightId, storage } = flight;
  const ofFlight = (id: string) => id.startsWith(`${flightId}:`);
  plan.buckets = plan.buckets.filter((bucket) => bucket.flightId !== flightId);
  plan.overviewPages = plan.overviewPages.filter((page) => page.flightId !== flightId);
  plan.events = plan.events.filter((event) => event.flightId !== flightId);
  plan.rawFiles = plan.rawFiles.filter((file) => !ofFlight(file._id));
  plan.rawChunks = plan.rawChunks.filter((chunk) => !ofFlight(chunk.files_id));
  plan.pendingRaw.delete(flightId);
  plan.flightUpdates.delete(flightId);
  forgetOverview(flightId);

  const bucketIds: string[] = [];
  const overviewPageIds: { kind: SampleKind; ids: string[] }[] = [];
  for (const [kind, times] of Object.entries(storage.kinds) as [SampleKind, { t0s: number[] }][]) {
    const count = times.t0s.length;
    for (let index = 0; index < count; index++) bucketIds.push(bucketId(flightId, kind, index));
    const pages = count === 0 ? 0 : overviewPageOf(count - 1) + 1;
    overviewPageIds.push({
      kind,
      ids: Array.from({ length: pages }, (_, page) => overviewPageId(flightId, kind, page)),
    });
  }
  plan.discarded.push({
    flightId,
    bucketIds,
    overviewPageIds,
    eventIds: Array.from({ length: storage.eventCount }, (_, n) => eventId(flightId, n)),
    rawFileIds: Array.from({ length: storage.rawPieceCount }, (_, piece) =>
      rawPieceFileId(flightId, piece),
    ),
  });
  state.flight = null;
  state.live.flightId = null;
  state.linkLostSinceUs = null;
}
