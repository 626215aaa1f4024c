import type { SampleKind } from '../../../telemetry/model/sampleKinds.js';
import { findBucketsById } from './findBucketsById.js';
import type { FlightStorageView } from './flightStorage.js';
import type { Db } from '../driver.js';
import { bucketId } from './telemetryBuckets.js';
import {
  overviewCollection,
  overviewPageId,
  overviewPageOf,
  overviewPointsOfBucket,
  type OverviewPage,
  type TelemetryOverviewDocument,
} from './telemetryOverview.js';
import { decodeTimeValuePairs, type TimeValuePoints } from './timeValuePairs.js';

export interface OverviewRead {
  /** Per channel asked for, in that order: known values only, in time order. */
  points: TimeValuePoints[];
  /** Samples of the kind in the window: what a read of every sample would count. */
  totalSamples: number;
}

type Column = (number | null)[];

/**
 * One kind's channels over a window, for a downsampled read: from the overview for each sealed
 * bucket the window holds whole, from the bucket itself for one the window cuts, one no stored
 * page covers (a flight stored before overviews existed, the page a live flight is filling)
 * and a live flight's open bucket. Null when the overview would give no more than `maxPoints`
 * points: it is coarser than the request, and the caller reads every sample instead (a
 * zoomed-in window, a short flight).
 */
export async function readKindFromOverview(
  db: Db,
  flightId: string,
  kind: SampleKind,
  channels: string[],
  window: { fromUs: number; toUs: number },
  storage: FlightStorageView,
  maxPoints: number,
): Promise<OverviewRead | null> {
  const sealed = storage.index.kinds[kind] ?? { t0s: [], t1s: [] };
  const wanted: number[] = [];
  const whole = new Set<number>();
  sealed.t0s.forEach((t0, index) => {
    const t1 = sealed.t1s[index] ?? t0;
    if (t1 < window.fromUs || t0 > window.toUs) return;
    wanted.push(index);
    if (t0 >= window.fromUs && t1 <= window.toUs) whole.add(index);
  });
  const pages = await findPages(db, flightId, kind, channels, whole);
  const fromPage = new Map<number, { page: OverviewPage; at: number }>();
  let overviewPoints = 0;
  for (const page of pages) {
    page.bucketIndexes.forEach((index, at) => {
      if (!whole.has(index)) return;
      fromPage.set(index, { page, at });
      overviewPoints += overviewPointsOfBucket(page.bucketSampleCounts[at] ?? 0);
    });
  }
  if (overviewPoints <= maxPoints) return null;

  const rawIndexes = wanted.filter((index) => !fromPage.has(index));
  const projection = Object.fromEntries([['t', 1], ...channels.map((c) => [c, 1])]);
  const rawBuckets = await findBucketsById(
    db,
    rawIndexes.map((index) => bucketId(flightId, kind, index)),
    projection,
  );
  const rawByIndex = new Map(rawIndexes.map((index, i) => [index, rawBuckets[i] ?? null]));

  const points: TimeValuePoints[] = channels.map(() => ({ tUs: [], values: [] }));
  let totalSamples = 0;
  let lastSampleT = -Infinity;
  const addRaw = (t: number[], columns: Record<string, unknown>) => {
    const parts = channels.map((c) => (columns[c] as Column | undefined) ?? []);
    for (let i = 0; i < t.length; i++) {
      const time = t[i] as number;
      // As a full read: samples sharing a time (one serial read's frames) all count.
      if (time < window.fromUs || time > window.toUs || time < lastSampleT) continue;
      lastSampleT = time;
      totalSamples++;
      parts.forEach((part, c) => {
        const value = part[i];
        if (value === null || value === undefined) return;
        const channel = points[c] as TimeValuePoints;
        channel.tUs.push(time);
        channel.values.push(value);
      });
    }
  };
  const decoded = new Map<OverviewPage, { points: TimeValuePoints; next: number }[]>();
  for (const index of wanted) {
    const covered = fromPage.get(index);
    if (!covered) {
      const bucket = rawByIndex.get(index);
      if (bucket) addRaw(bucket.t, bucket);
      continue;
    }
    const t0 = sealed.t0s[index] as number;
    const t1 = sealed.t1s[index] as number;
    totalSamples += covered.page.bucketSampleCounts[covered.at] ?? 0;
    lastSampleT = t1;
    let cursors = decoded.get(covered.page);
    if (!cursors) {
      cursors = channels.map((channel) => {
        const column = covered.page.columns[channel];
        return { points: column ? decodeTimeValuePairs(column) : { tUs: [], values: [] }, next: 0 };
      });
      decoded.set(covered.page, cursors);
    }
    // A page's points are in time order and each bucket's lie within its own [t0, t1].
    cursors.forEach((cursor, c) => {
      const channel = points[c] as TimeValuePoints;
      const { tUs, values } = cursor.points;
      while (cursor.next < tUs.length && (tUs[cursor.next] as number) < t0) cursor.next++;
      for (; cursor.next < tUs.length && (tUs[cursor.next] as number) <= t1; cursor.next++) {
        channel.tUs.push(tUs[cursor.next] as number);
        channel.values.push(values[cursor.next] as number);
      }
    });
  }
  const open = storage.openBuckets.find((bucket) => bucket.kind === kind);
  if (open && open.t1 >= window.fromUs && open.t0 <= window.toUs) addRaw(open.t, open.columns);
  return { points, totalSamples };
}

/** The stored overview pages holding the given buckets (one small document each by `_id`). */
async function findPages(
  db: Db,
  flightId: string,
  kind: SampleKind,
  channels: string[],
  bucketIndexes: Set<number>,
): Promise<OverviewPage[]> {
  const pageNumbers = [...new Set([...bucketIndexes].map(overviewPageOf))];
  const projection = Object.fromEntries([
    ['page', 1],
    ['bucketIndexes', 1],
    ['bucketSampleCounts', 1],
    ...channels.map((channel) => [`columns.${channel}`, 1]),
  ]);
  const found = await Promise.all(
    pageNumbers.map((page) =>
      overviewCollection(db, kind).findOne(
        { _id: overviewPageId(flightId, kind, page) },
        { projection },
      ),
    ),
  );
  return found.filter((page): page is TelemetryOverviewDocument => page !== null);
}
