import { rawPieceDocuments } from '../flights/rawTlogStore.js';
import type { IngestWritePlan } from './ingestWritePlan.js';
import type { OpenFlight } from '../../ingest/vehicleIngestState.js';

/** Holds a raw .tlog record for the flight's next piece. */
export function addRawRecord(
  plan: IngestWritePlan,
  flight: OpenFlight,
  record: Uint8Array,
  tUs: number,
) {
  let pending = plan.pendingRaw.get(flight.flightId);
  if (!pending) {
    pending = { flight, records: [], firstTUs: tUs, lastTUs: tUs };
    plan.pendingRaw.set(flight.flightId, pending);
  }
  pending.records.push(record);
  pending.lastTUs = tUs;
  flight.summary.rawFrameCount++;
}

/** Turns the flight's pending records into its next numbered piece. */
export function flushRawPiece(plan: IngestWritePlan, flight: OpenFlight) {
  const pending = plan.pendingRaw.get(flight.flightId);
  if (!pending || pending.records.length === 0) return;
  plan.pendingRaw.delete(flight.flightId);
  const bytes = Buffer.concat(pending.records);
  const piece = flight.storage.rawPieceCount++;
  const { file, chunks } = rawPieceDocuments(flight.flightId, piece, bytes, {
    count: pending.records.length,
    firstTUs: pending.firstTUs,
    lastTUs: pending.lastTUs,
  });
  plan.rawFiles.push(file);
  plan.rawChunks.push(...chunks);
}

export function flushAllRawPieces(plan: IngestWritePlan) {
  for (const { flight } of [...plan.pendingRaw.values()]) flushRawPiece(plan, flight);
}
