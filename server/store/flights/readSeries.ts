import { type Connection } from 'mongoose';
import { EntityId } from '../ids.js';
import { KIND_OF_CHANNEL, type SampleKind } from '../../../telemetry/model/sampleKinds.js';
import { getModels } from '../models/models.js';
import { SeriesRequestError } from './flightDataErrors.js';
import { findBucketsById } from './findBucketsById.js';
import { findFlightStorage, type FlightStorageView } from './flightStorage.js';
import { lttbIndices } from './lttb.js';
import { minMaxIndices } from './minMaxPerBucket.js';
import type { Db } from '../driver.js';
import { readKindFromOverview } from './readKindFromOverview.js';
import { bucketId } from './telemetryBuckets.js';
import type { TimeValuePoints } from './timeValuePairs.js';

export type Downsampling = 'lttb' | 'minmax';

export interface SeriesQuery {
  channels: string[];
  /** Window start and end [µs since the flight started]; the whole flight when omitted. */
  fromUs?: number;
  toUs?: number;
  /** Points per channel at most; 0 or omitted for full resolution. */
  maxPoints?: number;
  downsampling?: Downsampling;
}

export interface ChannelSeries {
  channel: string;
  kind: SampleKind;
  /** Sample times [µs since Unix epoch]. */
  tUs: number[];
  values: (number | null)[];
  /** Samples in the window before downsampling. */
  totalPoints: number;
}

export interface FlightSeries {
  flightId: string;
  startedAtUs: number;
  downsampling: Downsampling | 'none';
  series: ChannelSeries[];
}

type Column = (number | null)[];

/** One kind's samples in the window: times and the requested columns, in time order. */
async function readKind(
  db: Db,
  flightId: string,
  kind: SampleKind,
  channels: string[],
  window: { fromUs: number; toUs: number },
  storage: FlightStorageView,
): Promise<{ t: number[]; columns: Column[] }> {
  const sealed = storage.index.kinds[kind] ?? { t0s: [], t1s: [] };
  const wanted: number[] = [];
  sealed.t0s.forEach((t0, index) => {
    const t1 = sealed.t1s[index] ?? t0;
    if (t1 >= window.fromUs && t0 <= window.toUs) wanted.push(index);
  });
  const projection = Object.fromEntries([['t', 1], ...channels.map((c) => [c, 1])]);
  const buckets = await findBucketsById(
    db,
    wanted.map((index) => bucketId(flightId, kind, index)),
    projection,
  );
  const parts: { t: number[]; columns: Record<string, unknown> }[] = [];
  for (const bucket of buckets) if (bucket) parts.push({ t: bucket.t, columns: bucket });
  const open = storage.openBuckets.find((bucket) => bucket.kind === kind);
  if (open && open.t1 >= window.fromUs && open.t0 <= window.toUs) {
    parts.push({ t: open.t, columns: open.columns });
  }
  const t: number[] = [];
  const columns: Column[] = channels.map(() => []);
  let lastT = -Infinity;
  for (const part of parts) {
    const partColumns = channels.map((c) => (part.columns[c] as Column | undefined) ?? []);
    for (let i = 0; i < part.t.length; i++) {
      const time = part.t[i] as number;
      // Samples sharing a time are all read; buckets follow each other in time.
      if (time < window.fromUs || time > window.toUs || time < lastT) continue;
      lastT = time;
      t.push(time);
      partColumns.forEach((column, c) => (columns[c] as Column).push(column[i] ?? null));
    }
  }
  return { t, columns };
}

function downsample(
  t: number[],
  values: Column,
  maxPoints: number,
  method: Downsampling,
): { tUs: number[]; values: Column } {
  // Gaps (null) carry no shape; the downsampler sees the known values only.
  const knownT: number[] = [];
  const knownV: number[] = [];
  values.forEach((value, i) => {
    if (value !== null) {
      knownT.push(t[i] as number);
      knownV.push(value);
    }
  });
  const kept =
    method === 'lttb'
      ? lttbIndices(knownT, knownV, maxPoints)
      : minMaxIndices(knownT, knownV, maxPoints);
  return {
    tUs: kept.map((i) => knownT[i] as number),
    values: kept.map((i) => knownV[i] as number),
  };
}

/**
 * Any channels of a flight over a window, at full resolution or downsampled per channel to
 * `maxPoints` (LTTB by default, min/max per pixel bucket on request). A downsampled read starts
 * from the flight's overview (min/max per slot of every bucket, see telemetryOverview.ts) when
 * that holds more than `maxPoints` points in the window, and from every sample otherwise (a
 * zoomed-in window, a short flight, a flight stored before overviews existed). Null when the
 * flight does not exist. Throws SeriesRequestError for an unknown channel or a bad window.
 */
export async function readSeries(
  connection: Connection,
  flightId: string,
  query: SeriesQuery,
): Promise<FlightSeries | null> {
  const db = connection.db;
  if (!db) throw new Error('database connection is not open');
  for (const channel of query.channels) {
    if (!KIND_OF_CHANNEL.has(channel)) {
      throw new SeriesRequestError(`channels: unknown channel "${channel}"`, 'channels');
    }
  }
  if (query.fromUs !== undefined && query.toUs !== undefined && query.fromUs > query.toUs) {
    throw new SeriesRequestError('from must not be after to', 'from');
  }
  if (!EntityId.isValid(flightId) || !/^[0-9a-f]{24}$/i.test(flightId)) return null;
  const flight = await getModels(connection)
    .Flight.findById(flightId, { startedAt: 1, linkId: 1, sysId: 1 })
    .lean();
  if (!flight) return null;
  const startedAtUs = flight.startedAt.getTime() * 1000;
  const window = {
    fromUs: startedAtUs + (query.fromUs ?? -Infinity),
    toUs: startedAtUs + (query.toUs ?? Infinity),
  };
  const storage = await findFlightStorage(db, {
    flightId,
    linkId: flight.linkId,
    sysId: flight.sysId,
  });
  const maxPoints = query.maxPoints ?? 0;
  const method = query.downsampling ?? 'lttb';
  const byKind = new Map<SampleKind, string[]>();
  for (const channel of new Set(query.channels)) {
    const kind = KIND_OF_CHANNEL.get(channel) as SampleKind;
    byKind.set(kind, [...(byKind.get(kind) ?? []), channel]);
  }
  const series: ChannelSeries[] = [];
  await Promise.all(
    [...byKind].map(async ([kind, channels]) => {
      const overview =
        storage && maxPoints > 0
          ? await readKindFromOverview(db, flightId, kind, channels, window, storage, maxPoints)
          : null;
      if (overview) {
        channels.forEach((channel, c) => {
          const points = overview.points[c] as TimeValuePoints;
          const shown =
            points.tUs.length > maxPoints
              ? downsample(points.tUs, points.values, maxPoints, method)
              : points;
          const { tUs, values } = shown;
          series.push({ channel, kind, tUs, values, totalPoints: overview.totalSamples });
        });
        return;
      }
      const { t, columns } = storage
        ? await readKind(db, flightId, kind, channels, window, storage)
        : { t: [], columns: channels.map(() => []) };
      channels.forEach((channel, c) => {
        const values = columns[c] as Column;
        const total = t.length;
        const shown =
          maxPoints > 0 && total > maxPoints
            ? downsample(t, values, maxPoints, method)
            : { tUs: t, values };
        series.push({ channel, kind, tUs: shown.tUs, values: shown.values, totalPoints: total });
      });
    }),
  );
  const order = query.channels;
  series.sort((a, b) => order.indexOf(a.channel) - order.indexOf(b.channel));
  return {
    flightId,
    startedAtUs,
    downsampling: maxPoints > 0 ? method : 'none',
    series,
  };
}
