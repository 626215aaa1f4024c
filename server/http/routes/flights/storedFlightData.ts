import { SeriesRequestError } from '../../../store/flights/flightDataErrors.js';
import { listEvents } from '../../../store/flights/listEvents.js';
import { openRawTlogStream } from '../../../store/flights/openRawTlogStream.js';
import { readSeries } from '../../../store/flights/readSeries.js';
import { badRequest, notFound } from '../../httpError.js';
import type { FlightDataSource } from './flightDataSource.js';

/** Flight data from Sortie's own stores (server/flights), with their errors as HTTP errors. */
export const storedFlightData: FlightDataSource = {
  async readSeries(connection, flightId, request) {
    try {
      const series = await readSeries(connection, flightId, request);
      if (!series) throw notFound(`No flight ${flightId}.`);
      return series;
    } catch (error) {
      if (error instanceof SeriesRequestError)
        throw badRequest(error.message, { path: [error.field] });
      throw error;
    }
  },
  async listEvents(connection, flightId) {
    const events = await listEvents(connection, flightId);
    if (!events) throw notFound(`No flight ${flightId}.`);
    return { events };
  },
  openRawTlogStream,
};
