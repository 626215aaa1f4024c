import mongoose, { mongo } from 'mongoose';
import { DatabaseUnavailableError } from './databaseServer.js';

/**
 * Server error codes that mean "not now", not "not so": the server is shutting down, stepping
 * down or not (yet) the primary. ShutdownInProgress, InterruptedAtShutdown,
 * InterruptedDueToReplStateChange, NotWritablePrimary, NotPrimaryNoSecondaryOk,
 * NotPrimaryOrSecondary, PrimarySteppedDown.
 */
const UNAVAILABLE_SERVER_CODES = new Set([91, 11600, 11602, 10107, 13435, 13436, 189]);

/** Mongoose's own words when an operation waited for a connection that never came. */
const BUFFERING_TIMED_OUT = /buffering timed out after \d+ms/;

/**
 * True when `error` (or what caused it) says the database could not be reached — a closed
 * socket, no server to select, a pool cleared after a network error, a server shutting down —
 * rather than that the request itself was wrong. Such a call may succeed when tried again.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let cause = error, depth = 0; cause && depth < 5; depth++) {
    if (
      cause instanceof DatabaseUnavailableError ||
      cause instanceof mongo.MongoNetworkError ||
      cause instanceof mongo.MongoServerSelectionError ||
      cause instanceof mongo.MongoNotConnectedError ||
      cause instanceof mongo.MongoTopologyClosedError ||
      cause instanceof mongoose.Error.MongooseServerSelectionError
    ) {
      return true;
    }
    if (cause instanceof mongo.MongoServerError && UNAVAILABLE_SERVER_CODES.has(Number(cause.code)))
      return true;
    if (cause instanceof mongoose.Error && BUFFERING_TIMED_OUT.test(cause.message)) return true;
    cause = (cause as { cause?: unknown }).cause;
  }
  return false;
}
