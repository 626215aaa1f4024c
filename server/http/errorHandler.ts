import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { ZodError } from 'zod';
import { databaseUnavailableResponse } from './databaseUnavailableResponse.js';
import { HttpError } from './httpError.js';

/** The one shape every error response has. */
export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** Errors Express's body parser raises carry `type` and `status`. */
interface BodyParserError {
  type: string;
  status: number;
  limit?: number;
}

function isBodyParserError(error: unknown): error is BodyParserError {
  return typeof error === 'object' && error !== null && 'type' in error && 'status' in error;
}

function isDuplicateKeyError(error: unknown): error is { code: 11000; keyValue?: unknown } {
  return (
    typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000
  );
}

/** Maps any error to a status and body; unknown errors become a 500 without internals. */
export function toErrorResponse(error: unknown): {
  status: number;
  body: ErrorBody;
  headers?: Record<string, string>;
} {
  if (error instanceof HttpError) {
    return {
      status: error.status,
      body: { error: { code: error.code, message: error.message, details: error.details } },
    };
  }
  if (error instanceof ZodError) {
    const first = error.issues[0];
    const where = first && first.path.length > 0 ? `${first.path.join('.')}: ` : '';
    return {
      status: 400,
      body: {
        error: {
          code: 'invalid_input',
          message: `Invalid input. ${where}${first?.message ?? 'does not match the schema'}.`,
          details: error.issues.map((issue) => ({ path: issue.path, message: issue.message })),
        },
      },
    };
  }
  if (isBodyParserError(error)) {
    if (error.type === 'entity.too.large') {
      return {
        status: 413,
        body: {
          error: {
            code: 'payload_too_large',
            message: `The request body is larger than the ${error.limit ?? 'allowed'} bytes this route accepts.`,
          },
        },
      };
    }
    if (error.type === 'entity.parse.failed') {
      return {
        status: 400,
        body: { error: { code: 'malformed_json', message: 'The request body is not valid JSON.' } },
      };
    }
    if (error.status >= 400 && error.status < 500) {
      return {
        status: error.status,
        body: {
          error: { code: 'bad_request', message: `The request body was refused (${error.type}).` },
        },
      };
    }
  }
  if (isDuplicateKeyError(error)) {
    return {
      status: 409,
      body: {
        error: {
          code: 'duplicate',
          message: 'A record with the same unique value already exists.',
          details: error.keyValue,
        },
      },
    };
  }
  const unavailable = databaseUnavailableResponse(error);
  if (unavailable) return unavailable;
  return {
    status: 500,
    body: {
      error: { code: 'internal', message: 'Something went wrong on the server; it was logged.' },
    },
  };
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const { status, body, headers } = toErrorResponse(error);
    if (headers) res.set(headers);
    // An outage is logged once, where it is noticed (DatabaseAvailability), not per call.
    if (status >= 500 && status !== 503)
      logger.error({ err: error, method: req.method, url: req.originalUrl }, 'request failed');
    else
      logger.info(
        { status, code: body.error.code, method: req.method, url: req.originalUrl },
        'request refused',
      );
    res.status(status).json(body);
  };
}

/** Unknown routes get the same error shape as everything else. */
export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new HttpError(404, 'not_found', `No route ${req.method} ${req.path}.`));
};
