import type { RequestHandler } from 'express';
import type { DatabaseAvailability } from '../db/databaseAvailability.js';
import { databaseUnavailableAnswer } from './databaseUnavailableResponse.js';

/**
 * Answers 503 at once while the database is known to be away, instead of letting the call
 * wait for the driver's server selection and fail then. A call that gets through and meets
 * the outage anyway gets the same 503 from the error handler.
 */
export function refuseWhileDatabaseAway(availability: DatabaseAvailability): RequestHandler {
  return (_req, res, next) => {
    if (availability.available) {
      next();
      return;
    }
    const { status, headers, body } = databaseUnavailableAnswer(
      availability.status().unavailableSince,
    );
    res.status(status).set(headers).json(body);
  };
}
