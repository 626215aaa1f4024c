import type { Db } from '../driver.js';
import type { FlightEvent } from '../../../telemetry/model/flightEvent.js';
import { lossPctOf, type LinkStats } from '../../../telemetry/model/linkStats.js';
import type { AnySample } from '../../../telemetry/model/sample.js';
import { SAMPLE_KINDS, type SampleKind } from '../../../telemetry/model/sampleKinds.js';
import { eventId, flightEventsCollection } from '../flights/flightEventStore.js';
import { findBucketsById } from '../flights/findBucketsById.js';
import { findByIds } from '../flights/findByIds.js';
import { findFlightStorage } from '../flights/flightStorage.js';
import { bucketId, type TelemetryBucket } from '../flights/telemetryBuckets.js';
import { flightDataFromSamples, type FlightData } from '../../certification/flightData.js';

export interface StoredFlightRef {
  flightId: string;
  linkId: string;
  sysId: number;
  compId: number;
}

/** The ground-link's frame counters over one flight, as the flight's summary keeps them. */
export interface StoredLinkCounters {
  framesReceived: number;
  framesLostBySeq: number;
  framesLostEstimated: number;
  /** Last frame heard [µs since epoch]. */
  lastHeardUs: number;
}

/** The counters of a flight document, or null for a flight stored before they were kept. */
export function storedLinkCounters(flight: {
  summary?: {
    framesReceived?: number | null;
    framesLostBySeq?: number | null;
    framesLostEstimated?: number | null;
  } | null;
  lastHeardAt: Date;
}): StoredLinkCounters | null {
  const framesReceived = flight.summary?.framesReceived;
  const framesLostBySeq = flight.summary?.framesLostBySeq;
  if (typeof framesReceived !== 'number' || typeof framesLostBySeq !== 'number') return null;
  return {
    framesReceived,
    framesLostBySeq,
    framesLostEstimated: flight.summary?.framesLostEstimated ?? 0,
    lastHeardUs: flight.lastHeardAt.getTime() * 1000,
  };
}

/**
 * The whole flight at full resolution, as the criteria need it: every sealed bucket of every
 * kind and every event; with the link counters when the flight has them (the link-integrity
 * criterion's packet loss). Buckets and events are looked up by `_id`, the storage index
 * naming every one: the cost follows the flight's size, not the database's (a query by
 * `flightId` is a pass over the whole collection on FerretDB v1).
 */
export async function loadStoredFlightData(
  db: Db,
  flight: StoredFlightRef,
  linkCounters: StoredLinkCounters | null = null,
): Promise<FlightData> {
  const storage = await findFlightStorage(db, flight);
  if (!storage) return flightDataFromSamples([], []);
  const sealedIds = (Object.entries(storage.index.kinds) as [SampleKind, { t0s: number[] }][])
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([kind, { t0s }]) => t0s.map((_, index) => bucketId(flight.flightId, kind, index)));
  const buckets = (await findBucketsById(db, sealedIds, {})).filter(
    (bucket): bucket is TelemetryBucket => bucket !== null,
  );
  const samples: AnySample[] = [];
  for (const bucket of buckets) appendBucketSamples(samples, bucket, flight);
  for (const open of storage.openBuckets) {
    appendBucketSamples(
      samples,
      { ...open.columns, kind: open.kind, t: open.t, n: open.n } as unknown as TelemetryBucket,
      flight,
    );
  }
  const eventIds = Array.from({ length: storage.index.eventCount }, (_, number) =>
    eventId(flight.flightId, number),
  );
  const events: FlightEvent[] = (await findByIds(flightEventsCollection(db), eventIds))
    .filter((event) => event !== null)
    .map(({ type, tUs, sysId, compId, severity, message, data }) => ({
      type,
      tUs,
      sysId,
      compId,
      severity,
      message,
      data: data ?? {},
    }));
  return flightDataFromSamples(samples, events, {
    link: linkCounters && linkStatsOf(linkCounters, samples, flight),
  });
}

/** Link statistics of the flight: its counters, and the longest gap between its heartbeats. */
function linkStatsOf(
  counters: StoredLinkCounters,
  samples: readonly AnySample[],
  flight: StoredFlightRef,
): LinkStats {
  const heartbeatsUs = samples
    .filter((sample) => sample.kind === 'heartbeat')
    .map((sample) => sample.tUs)
    .sort((a, b) => a - b);
  let maxGapUs = 0;
  for (let i = 1; i < heartbeatsUs.length; i++) {
    maxGapUs = Math.max(maxGapUs, (heartbeatsUs[i] as number) - (heartbeatsUs[i - 1] as number));
  }
  return {
    sysId: flight.sysId,
    compId: flight.compId,
    lastHeardUs: counters.lastHeardUs,
    framesReceived: counters.framesReceived,
    framesLostBySeq: counters.framesLostBySeq,
    framesLostEstimated: counters.framesLostEstimated,
    lossPct: lossPctOf(counters),
    badTimestamps: 0,
    maxHeartbeatGapMs: maxGapUs / 1000,
  };
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
