import type { Readable } from 'node:stream';
import type { Connection } from 'mongoose';

export interface SeriesRequest {
  channels: string[];
  /** [µs since the flight started] */
  fromUs?: number;
  toUs?: number;
  maxPoints: number;
  /** How to thin a channel to maxPoints: shape-keeping LTTB, or min and max per bucket. */
  downsampling?: 'lttb' | 'minmax';
}

/**
 * Reading a flight's stored telemetry, events and raw bytes. The REST routes reach it only
 * after the access layer has allowed the flight, so these functions do no access checks.
 */
export interface FlightDataSource {
  readSeries(connection: Connection, flightId: string, request: SeriesRequest): Promise<unknown>;
  listEvents(connection: Connection, flightId: string): Promise<unknown>;
  /** The flight's raw MAVLink bytes as a .tlog stream, or null when none were stored. */
  openRawTlogStream(connection: Connection, flightId: string): Promise<Readable | null>;
}
