import type { FlightEvent } from '../model/flightEvent.js';
import type { AnySample } from '../model/sample.js';
import { DataFlashParser, type DataFlashStats } from './dataFlashParser.js';
import { findLogClock, type LogClock } from './logClock.js';
import { DataFlashNormaliser, type DataFlashVehicle } from './normaliser.js';
import { scanDataFlash } from './readDataFlash.js';

/** Hand over samples and events every this many records, so memory stays bounded. */
const RECORDS_PER_BATCH = 4096;

export interface DataFlashBatch {
  samples: AnySample[];
  events: FlightEvent[];
}

export interface DataFlashSummary {
  clock: LogClock;
  stats: DataFlashStats;
  recordCounts: Record<string, number>;
  /** Time of the first and last record that has its own time [µs since Unix epoch, or boot]. */
  firstUs: number | null;
  lastUs: number | null;
  /** The same two times since boot [µs], as the records carry them. */
  firstBootUs: number | null;
  lastBootUs: number | null;
  vehicle: DataFlashVehicle;
}

/**
 * Reads a DataFlash log file and normalises it, handing the samples and events over in batches
 * (constant memory over a log of any size). Two streaming passes: the first stops at the first
 * GPS time, which says how boot time maps to UTC; the second decodes. Never throws.
 */
export async function decodeDataFlash(
  path: string,
  onBatch: (batch: DataFlashBatch) => void,
): Promise<DataFlashSummary> {
  const clock = await findLogClock(path);
  const parser = new DataFlashParser(clock.firstBootUs);
  const normaliser = new DataFlashNormaliser(clock);
  const offsetUs = clock.utcMinusBootUs ?? 0;
  let firstBootUs: number | null = null;
  let lastBootUs: number | null = null;
  let sinceBatch = 0;
  const flush = (): void => {
    const samples = normaliser.takeSamples();
    const events = normaliser.takeEvents();
    if (samples.length > 0 || events.length > 0) onBatch({ samples, events });
    sinceBatch = 0;
  };
  await scanDataFlash(
    path,
    (record) => {
      if (record.timed) {
        firstBootUs ??= record.bootUs;
        lastBootUs = record.bootUs;
      }
      normaliser.ingest(record);
      if (++sinceBatch >= RECORDS_PER_BATCH) flush();
    },
    parser,
  );
  flush();
  const toUs = (bootUs: number | null) =>
    bootUs === null ? null : Math.max(0, Math.round(bootUs + offsetUs));
  return {
    clock,
    stats: parser.stats,
    recordCounts: parser.recordCounts(),
    firstUs: toUs(firstBootUs),
    lastUs: toUs(lastBootUs),
    firstBootUs,
    lastBootUs,
    vehicle: normaliser.vehicle(),
  };
}
