import type { FlightEvent } from '../../../telemetry/model/flightEvent';
import { apiFetch } from './apiFetch';
import { listItems } from './listItems';

export async function fetchFlightEvents(
  flightId: string,
  signal?: AbortSignal,
): Promise<FlightEvent[]> {
  const answer = await apiFetch<unknown>(`/api/flights/${encodeURIComponent(flightId)}/events`, {
    signal,
  });
  return listItems<FlightEvent>(answer, 'events');
}
