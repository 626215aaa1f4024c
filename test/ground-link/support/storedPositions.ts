import type { Connection } from 'mongoose';
import { readSeries } from '../../../server/flights/readSeries.js';
import { getModels } from '../../../server/models/models.js';

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
