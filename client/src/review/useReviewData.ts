import type { FlightEvent } from '../../../telemetry/model/flightEvent';
import { fetchFlightEvents } from '../api/events';
import { fetchFlight } from '../api/flights';
import { apiFetch } from '../api/apiFetch';
import { fetchSeries, type SeriesByChannel } from '../api/series';
import type { Flight, Range } from '../api/types';
import { useAsync } from '../components/useAsync';

/** Points asked for the map track: plenty for a smooth line, small enough for a 1-hour flight. */
const TRACK_MAX_POINTS = 4000;
export const TRACK_CHANNELS = ['latDeg', 'lonDeg', 'headingDeg'] as const;

export interface ReviewData {
  flight: Flight;
  range: Range | null;
  events: FlightEvent[];
  /** The events could not be read: the review still shows the track and plots. */
  eventsError: unknown;
  track: SeriesByChannel;
}

/** Everything the review page needs before it can draw, fetched in parallel. */
export function useReviewData(flightId: string) {
  return useAsync<ReviewData>(
    async (signal) => {
      let eventsError: unknown = null;
      const [flight, events, track] = await Promise.all([
        fetchFlight(flightId, signal),
        fetchFlightEvents(flightId, signal).catch((error: unknown) => {
          eventsError = error;
          return [];
        }),
        fetchSeries(flightId, TRACK_CHANNELS, TRACK_MAX_POINTS, signal),
      ]);
      // The range gives the time zone and fences; a user who may not read it still gets the flight.
      const range = flight.rangeId
        ? await apiFetch<Range>(`/api/ranges/${encodeURIComponent(flight.rangeId)}`, {
            signal,
          }).catch(() => null)
        : null;
      return { flight, range, events, eventsError, track };
    },
    [flightId],
  );
}
