import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { IngestWritePlan } from '../../store/ingest/ingestWritePlan.js';
import { evaluateEndedFlight } from './evaluateEndedFlight.js';

/**
 * Starts the automatic evaluation of every flight a stored ingest pass ended. Not awaited: the
 * ingest pass must not wait for criteria; evaluateEndedFlight logs its own failures.
 */
export function evaluateFlightsEndedIn(
  connection: Connection,
  plan: Pick<IngestWritePlan, 'notices'>,
  logger: Logger,
): void {
  for (const notice of plan.notices) {
    if (notice.type === 'flight-ended')
      void evaluateEndedFlight(connection, notice.flightId, logger);
  }
}
