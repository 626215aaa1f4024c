import { type Connection } from 'mongoose';
import { EntityId } from '../ids.js';
import { getModels } from '../models/models.js';

export interface FlightRef {
  flightId: string;
  linkId: string;
  sysId: number;
  startedAtUs: number;
}

/** The few fields of a flight that locate its stored data; null for an unknown id. */
export async function findFlightRef(
  connection: Connection,
  flightId: string,
): Promise<FlightRef | null> {
  if (!/^[0-9a-f]{24}$/i.test(flightId)) return null;
  const flight = await getModels(connection)
    .Flight.findById(new EntityId(flightId), { startedAt: 1, linkId: 1, sysId: 1 })
    .lean();
  if (!flight) return null;
  return {
    flightId,
    linkId: flight.linkId,
    sysId: flight.sysId,
    startedAtUs: flight.startedAt.getTime() * 1000,
  };
}
