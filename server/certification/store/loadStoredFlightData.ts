import type { Collection, Db, Document } from '../../flights/mongoDriver.js';
import type { FlightEvent } from '../../../telemetry/model/flightEvent.js';
import type { AnySample } from '../../../telemetry/model/sample.js';
import { SAMPLE_KINDS, type SampleKind } from '../../../telemetry/model/sampleKinds.js';
import { eventId, flightEventsCollection } from '../../flights/flightEventStore.js';
import { findFlightStorage } from '../../flights/flightStorage.js';
import {
  bucketId,
  telemetryCollection,
  type TelemetryBucket,
} from '../../flights/telemetryBuckets.js';
import { flightDataFromSamples, type FlightData } from '../flightData.js';

/** Lookups sent together: enough to hide the round trips, few enough not to flood the server. */
const LOOKUPS_AT_ONCE = 64;

export interface StoredFlightRef {
  flightId: string;
  linkId: string;
  sysId: number;
  compId: number;
}

/**
 * The whole flight at full resolution, as the criteria need it: every sealed bucket of every
 * kind and every event, read by `_id` (the one lookup FerretDB serves from an index).
 */
export async function loadStoredFlightData(db: Db, flight: StoredFlightRef): Promise<FlightData> {
  const storage = await findFlightStorage(db, flight);
  if (!storage) return flightDataFromSamples([], []);
  const samples: AnySample[] = [];
  for (const [kind, sealed] of Object.entries(storage.index.kinds) as [
    SampleKind,
    { t0s: number[] },
  ][]) {
    const ids = sealed.t0s.map((_, index) => bucketId(flight.flightId, kind, index));
    for (const bucket of await findByIds(telemetryCollection(db), ids)) {
      appendBucketSamples(samples, bucket, flight);
    }
  }
  for (const open of storage.openBuckets) {
    appendBucketSamples(
      samples,
      { ...open.columns, kind: open.kind, t: open.t, n: open.n } as unknown as TelemetryBucket,
      flight,
    );
  }
  const eventIds = Array.from({ length: storage.index.eventCount }, (_, n) =>
    eventId(flight.flightId, n),
  );
  const events: FlightEvent[] = (await findByIds(flightEventsCollection(db), eventIds)).map(
    ({ type, tUs, sysId, compId, severity, message, data }) => ({
      type,
      tUs,
      sysId,
      compId,
      severity,
      message,
      data: data ?? {},
    }),
  );
  return flightDataFromSamples(samples, events);
}

function appendBucketSamples(
  samples: AnySample[],
  bucket: TelemetryBucket,
  flight: StoredFlightRef,
) {
  const channels = SAMPLE_KINDS[bucket.kind] as readonly string[];
  const columns = channels.map(
    (channel) => (bucket[channel] as (number | null)[] | undefined) ?? [],
  );
  for (let i = 0; i < bucket.t.length; i++) {
    const values: Record<string, number | null> = {};
    channels.forEach((channel, c) => {
      values[channel] = columns[c]?.[i] ?? null;
    });
    samples.push({
      kind: bucket.kind,
      tUs: bucket.t[i] as number,
      bootMs: null,
      sysId: flight.sysId,
      compId: flight.compId,
      values,
    } as AnySample);
  }
}

/**
 * One `findOne` per `_id`, a bounded number in flight at once: FerretDB serves an `_id`
 * equality from its index but scans the collection for `$in`.
 */
async function findByIds<T extends Document & { _id: string }>(
  collection: Collection<T>,
  ids: readonly string[],
): Promise<T[]> {
  const found: T[] = [];
  for (let at = 0; at < ids.length; at += LOOKUPS_AT_ONCE) {
    const documents = await Promise.all(
      ids.slice(at, at + LOOKUPS_AT_ONCE).map((_id) => collection.findOne({ _id } as never)),
    );
    for (const document of documents) if (document) found.push(document as unknown as T);
  }
  return found;
}
