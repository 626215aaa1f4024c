import type { LiveTrack } from '../../telemetry/contract/live.js';
import {
  bucketId,
  telemetryCollection,
  type TelemetryBucket,
} from '../store/flights/telemetryBuckets.js';
import type { Db } from '../store/driver.js';
import type { OpenFlight } from '../ingest/vehicleIngestState.js';
import { downsampleIndicesEvenly } from '../store/flights/downsampleEvenly.js';

/** Enough to draw a track on a map without sending every sample. */
export const LIVE_TRACK_MAX_POINTS = 1_000;

type Column = (number | null)[];

/** The track a live flight has flown so far: its position buckets, thinned evenly. */
export async function liveTrackOf(db: Db, flight: OpenFlight, sysId: number): Promise<LiveTrack> {
  const sealedCount = flight.storage.kinds.position?.t0s.length ?? 0;
  const ids = Array.from({ length: sealedCount }, (_, i) =>
    bucketId(flight.flightId, 'position', i),
  );
  const sealed = await Promise.all(
    ids.map((_id) => telemetryCollection(db).findOne({ _id }) as Promise<TelemetryBucket | null>),
  );
  const t: number[] = [];
  const lat: Column = [];
  const lon: Column = [];
  const alt: Column = [];
  const add = (times: number[], columns: Record<string, unknown>) => {
    t.push(...times);
    lat.push(...((columns.latDeg as Column | undefined) ?? []));
    lon.push(...((columns.lonDeg as Column | undefined) ?? []));
    alt.push(...((columns.altRelM as Column | undefined) ?? []));
  };
  for (const bucket of sealed) if (bucket) add(bucket.t, bucket);
  const open = flight.openBuckets.find((bucket) => bucket.kind === 'position');
  if (open) add(open.t, open.columns);
  const points: LiveTrack['points'] = [];
  for (const i of downsampleIndicesEvenly(t.length, LIVE_TRACK_MAX_POINTS)) {
    const latDeg = lat[i];
    const lonDeg = lon[i];
    if (latDeg == null || lonDeg == null) continue;
    points.push([t[i] as number, latDeg, lonDeg, alt[i] ?? 0]);
  }
  return { flightId: flight.flightId, sysId, points };
}
