import type { FlightEvent } from '../../../telemetry/model/flightEvent.js';
import { eventId } from '../flights/flightEventStore.js';
import type { IngestWritePlan } from './ingestWritePlan.js';
import type { OpenFlight } from '../../ingest/vehicleIngestState.js';

/** Numbers the event within its flight (its `_id`) and queues it for storage. */
export function storeEvent(
  flight: OpenFlight,
  event: FlightEvent,
  origin: 'link' | 'server',
  plan: IngestWritePlan,
) {
  const number = flight.storage.eventCount++;
  flight.summary.eventCount++;
  plan.events.push({
    ...event,
    _id: eventId(flight.flightId, number),
    flightId: flight.flightId,
    number,
    origin,
  });
}
