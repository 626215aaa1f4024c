import type { Connection } from 'mongoose';
import { openRawTlogStream } from '../../../server/store/flights/openRawTlogStream.js';
import { readSeries } from '../../../server/store/flights/readSeries.js';
import { telemetryCollection } from '../../../server/store/flights/telemetryBuckets.js';
import { findVehicleState } from '../../../server/store/ingest/vehicleStateStore.js';
import { getModels } from '../../../server/store/models/models.js';

/**
 * The position samples the server serves for one link, per system id, as sample times: every
 * flight of the link read back through the server's own series reader (the one behind
 * `/api/flights/:id/series`), at full resolution. A sample lost or served twice shows.
 */
export async function storedPositionTimes(
  connection: Connection,
  linkId: string,
): Promise<Map<number, number[]>> {
  const flights = await getModels(connection).Flight.find({ linkId }, { sysId: 1 }).lean();
  const bySysId = new Map<number, number[]>();
  for (const flight of flights) {
    const flightId = String(flight._id);
    const series = await readSeries(connection, flightId, { channels: ['latDeg'] });
    const times = series?.series[0]?.tUs ?? [];
    bySysId.set(flight.sysId, [...(bySysId.get(flight.sysId) ?? []), ...times]);
  }
  for (const times of bySysId.values()) times.sort((a, b) => a - b);
  return bySysId;
}

/**
 * The raw frames the server serves for one link, per system id: each flight's .tlog download
 * (the same stream as `/api/flights/:id/raw.tlog`), concatenated in flight start order.
 */
export async function storedRawTlogBySysId(
  connection: Connection,
  linkId: string,
): Promise<Map<number, Buffer>> {
  const flights = await getModels(connection)
    .Flight.find({ linkId }, { sysId: 1 })
    .sort({ startedAt: 1 })
    .lean();
  const bySysId = new Map<number, Buffer>();
  for (const flight of flights) {
    const stream = await openRawTlogStream(connection, String(flight._id));
    const chunks: Buffer[] = [];
    if (stream) for await (const chunk of stream) chunks.push(chunk as Buffer);
    bySysId.set(
      flight.sysId,
      Buffer.concat([bySysId.get(flight.sysId) ?? Buffer.alloc(0), ...chunks]),
    );
  }
  return bySysId;
}

/**
 * Position samples as stored, per system id: every bucket document of the link's flights plus
 * the buckets still open in the ingest state, counted from the documents themselves, so a
 * sample written twice (in two buckets, or two flights) counts twice.
 */
export async function storedPositionSampleCounts(
  connection: Connection,
  linkId: string,
): Promise<Map<number, number>> {
  const db = connection.db;
  if (!db) throw new Error('database connection is not open');
  const flights = await getModels(connection).Flight.find({ linkId }, { sysId: 1 }).lean();
  const counts = new Map<number, number>();
  const add = (sysId: number, n: number) => counts.set(sysId, (counts.get(sysId) ?? 0) + n);
  for (const flight of flights) {
    const flightId = String(flight._id);
    const buckets = await telemetryCollection(db)
      .find({ flightId, kind: 'position' }, { projection: { n: 1 } })
      .toArray();
    for (const bucket of buckets) add(flight.sysId, bucket.n);
    // A live flight's open buckets are in its vehicle's ingest state, found by `_id` as the
    // reader finds them.
    const state = await findVehicleState(db, linkId, flight.sysId);
    if (state?.flight?.flightId !== flightId) continue;
    for (const open of state.flight.openBuckets) {
      if (open.kind === 'position') add(flight.sysId, open.n);
    }
  }
  return counts;
}
