import type { FlightEvent } from '../../../telemetry/model/flightEvent';
import { apiFetch } from '../api/apiFetch';
import { fetchEvaluations, type Evaluation } from '../api/evaluations';
import { fetchFlightEvents } from '../api/events';
import { fetchFlight } from '../api/flights';
import { fetchSeries, type SeriesByChannel } from '../api/series';
import type { Flight, Range } from '../api/types';
import { useAsync } from '../components/useAsync';
import { takeoffUs } from './alignment';

/** Points per flight for the map track and the take-off search. */
const TRACK_MAX_POINTS = 2000;
const TRACK_CHANNELS = ['latDeg', 'lonDeg', 'altRelM'];

export interface ComparedFlightData {
  flight: Flight;
  events: FlightEvent[];
  track: SeriesByChannel;
  /** The newest evaluation, or null when there is none (or it may not be read). */
  evaluation: Evaluation | null;
  takeoffUs: number;
}

export interface CompareData {
  flights: ComparedFlightData[];
  /** The first flight's range, for its fences on the map. */
  range: Range | null;
}

async function loadOne(flightId: string, signal: AbortSignal): Promise<ComparedFlightData> {
  const [flight, events, track, evaluations] = await Promise.all([
    fetchFlight(flightId, signal),
    fetchFlightEvents(flightId, signal).catch(() => []),
    fetchSeries(flightId, TRACK_CHANNELS, TRACK_MAX_POINTS, signal),
    fetchEvaluations(flightId, signal).catch(() => []),
  ]);
  const firstUs = track.latDeg?.tUs[0] ?? Date.parse(flight.startedAt) * 1000;
  return {
    flight,
    events,
    track,
    evaluation: evaluations[0] ?? null,
    takeoffUs: takeoffUs(events, track.altRelM, firstUs),
  };
}

/** The compared flights, each with its events, track and latest evaluation, fetched in parallel. */
export function useCompareData(flightIds: readonly string[]) {
  const key = flightIds.join(',');
  return useAsync<CompareData>(
    async (signal) => {
      const flights = await Promise.all(flightIds.map((id) => loadOne(id, signal)));
      const rangeId = flights[0]?.flight.rangeId;
      const range = rangeId
        ? await apiFetch<Range>(`/api/ranges/${encodeURIComponent(rangeId)}`, { signal }).catch(
            () => null,
          )
        : null;
      return { flights, range };
    },
    [key],
  );
}
