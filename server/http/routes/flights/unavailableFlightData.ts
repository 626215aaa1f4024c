import { HttpError } from '../../httpError.js';
import type { FlightDataSource } from './flightDataSource.js';

const unavailable = async (): Promise<never> => {
  throw new HttpError(503, 'not_available', 'Stored telemetry is not available on this server.');
};

/** Stands in when the server runs without flight storage (a 503 that says so). */
export const unavailableFlightData: FlightDataSource = {
  readSeries: unavailable,
  listEvents: unavailable,
  openRawTlogStream: unavailable,
};
