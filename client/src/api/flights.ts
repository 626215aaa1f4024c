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

/** One page of the flight list; the server scopes it to what the user may see. */
export async function fetchFlightPage(
  filter: FlightFilter,
  cursor: string | null,
  signal?: AbortSignal,
): Promise<FlightPage> {
  const answer = await apiFetch<Partial<FlightPage> & { items?: Flight[] }>('/api/flights', {
    query: { ...filter, cursor, limit: 50 },
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
