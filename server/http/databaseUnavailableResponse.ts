import { DATABASE_RETRY_AFTER_S } from '../db/databaseAvailability.js';
import { isDatabaseUnavailable } from '../db/isDatabaseUnavailable.js';
import type { ErrorBody } from './errorHandler.js';

export interface DatabaseUnavailableResponse {
  status: 503;
  body: ErrorBody;
  headers: { 'retry-after': string };
}

/** The answer while the database is away: 503, try again shortly; the call did no harm. */
export function databaseUnavailableAnswer(
  since: string | null = null,
): DatabaseUnavailableResponse {
  return {
    status: 503,
    headers: { 'retry-after': String(DATABASE_RETRY_AFTER_S) },
    body: {
      error: {
        code: 'database-unavailable',
        message: `The database is not answering; Sortie is reconnecting. Nothing was changed: try again in ${DATABASE_RETRY_AFTER_S} s.`,
        details: { retryAfterS: DATABASE_RETRY_AFTER_S, unavailableSince: since },
      },
    },
  };
}

/** The 503 for an error that says the database could not be reached, or null for any other. */
export function databaseUnavailableResponse(error: unknown): DatabaseUnavailableResponse | null {
  return isDatabaseUnavailable(error) ? databaseUnavailableAnswer() : null;
}
