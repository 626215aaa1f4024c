import type { FlightEvent } from '../model/flightEvent.js';
import type { DecodeStats, LinkStats } from '../model/linkStats.js';
import type { AnySample } from '../model/sample.js';
import { readChunks } from '../tlog/readChunks.js';
import type { TlogRecord } from '../tlog/tlogRecord.js';
import { TlogRecordSplitter } from '../tlog/tlogRecordSplitter.js';
import { Normaliser, type VehicleInfo } from './normaliser.js';

export interface DecodedBatch {
  samples: AnySample[];
  events: FlightEvent[];
}

export interface DecodedTlog extends DecodedBatch {
  linkStats: LinkStats[];
  vehicles: VehicleInfo[];
  stats: DecodeStats;
  /** Channel values outside their physical bounds, left unknown, per channel. */
  valuesOutOfBounds: Record<string, number>;
}

/**
 * .tlog → frames → normaliser, one batch per read chunk, in constant memory: for logs of any
 * size. Ground time is the record's timestamp. Read `normaliser` and `splitter` afterwards
 * for link statistics, vehicles and decode counters.
 */
export async function* decodeTlogBatches(
  source: string | AsyncIterable<Uint8Array>,
  normaliser: Normaliser = new Normaliser(),
  splitter: TlogRecordSplitter = new TlogRecordSplitter(),
): AsyncGenerator<DecodedBatch> {
  const ingest = (record: TlogRecord): void => {
    normaliser.ingest(record.frame, record.tUs);
  };
  const batch = (): DecodedBatch => ({
    samples: normaliser.takeSamples(),
    events: normaliser.takeEvents(),
  });
  for await (const chunk of readChunks(source)) {
    splitter.push(chunk, ingest);
    yield batch();
  }
  splitter.finish(ingest);
  normaliser.finish();
  yield batch();
}

/** The whole .tlog decoded into memory: for `inspect`, imports of normal size and tests. */
export async function decodeTlog(source: string | AsyncIterable<Uint8Array>): Promise<DecodedTlog> {
  const normaliser = new Normaliser();
  const splitter = new TlogRecordSplitter();
  const samples: AnySample[] = [];
  const events: FlightEvent[] = [];
  for await (const batch of decodeTlogBatches(source, normaliser, splitter)) {
    for (const sample of batch.samples) samples.push(sample);
    for (const event of batch.events) events.push(event);
  }
  return {
    samples,
    events,
    linkStats: normaliser.linkStats(),
    vehicles: normaliser.vehicles(),
    stats: { ...splitter.stats },
    valuesOutOfBounds: { ...normaliser.valuesOutOfBounds },
  };
}
