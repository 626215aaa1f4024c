import { apiFetch } from './apiFetch';
import type { Flight, FlightPage } from './types';

export interface FlightFilter {
  q: string;
  verdict: string;
  status: string;
  from: string;
  to: string;
}

export const EMPTY_FILTER: FlightFilter = { q: '', verdict: '', status: '', from: '', to: '' };

/** A date input's day as the instant its local midnight starts (the API takes ISO 8601). */
function startOfDay(date: string, plusDays = 0): string | undefined {
  if (!date) return undefined;
  const day = new Date(`${date}T00:00:00`);
  day.setDate(day.getDate() + plusDays);
  return day.toISOString();
}

/** One page of the flight list; the server scopes it to what the user may see. */
export async function fetchFlightPage(
  filter: FlightFilter,
  cursor: string | null,
  signal?: AbortSignal,
): Promise<FlightPage> {
  const answer = await apiFetch<Partial<FlightPage> & { items?: Flight[] }>('/api/flights', {
    query: {
      text: filter.q.trim(),
      verdict: filter.verdict,
      status: filter.status,
      from: startOfDay(filter.from),
      // The "to" day is included: the API's `to` is exclusive.
      to: startOfDay(filter.to, 1),
      cursor,
      limit: 50,
    },
    signal,
  });
  return { flights: answer.flights ?? answer.items ?? [], nextCursor: answer.nextCursor ?? null };
}

export async function fetchFlight(flightId: string, signal?: AbortSignal): Promise<Flight> {
  const answer = await apiFetch<Flight | { flight: Flight }>(
    `/api/flights/${encodeURIComponent(flightId)}`,
    { signal },
  );
  return 'flight' in answer ? answer.flight : answer;
}
