import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import mongoose from 'mongoose';
import { ZodError } from 'zod';
import { databaseUnavailableResponse } from './databaseUnavailableResponse.js';
import { HttpError } from './httpError.js';

/** The one shape every error response has. */
export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/**
 * Errors Express's body parser raises carry `status`, and `type` for the ones it names; a body
 * that fails to inflate arrives as zlib's error (`code` Z_DATA_ERROR …) with a 400 status.
 */
interface BodyParserError {
  type?: string;
  status: number;
  limit?: number;
  code?: string;
}

function isBodyParserError(error: unknown): error is BodyParserError {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { status?: unknown }).status === 'number' &&
    ('type' in error || (error as { expose?: unknown }).expose === true)
  );
}

const BODY_REFUSALS: Record<string, { code: string; message: string }> = {
  'encoding.unsupported': {
    code: 'unsupported_encoding',
    message:
      'The request body has a content-encoding this API does not read; use gzip, deflate, br or none.',
  },
  'charset.unsupported': {
    code: 'unsupported_charset',
    message: 'The request body has a charset this API does not read; send UTF-8.',
  },
  'request.aborted': {
    code: 'request_aborted',
    message: 'The request body ended before its declared length.',
  },
  'request.size.invalid': {
    code: 'bad_length',
    message: 'The request body is not as long as its content-length says.',
  },
};

/** A model (mongoose) check the API's own schema let through: the field and the rule, no value. */
function modelValidationResponse(error: mongoose.Error.ValidationError): ErrorBody {
  const details = Object.values(error.errors).map((fieldError) => {
    const kind = (fieldError as { kind?: string }).kind ?? 'invalid';
    const properties = (fieldError as { properties?: Record<string, unknown> }).properties ?? {};
    const message =
      kind === 'maxlength'
        ? `must be at most ${String(properties.maxlength)} UTF-16 code units long (an emoji counts as two)`
        : kind === 'minlength'
          ? `must be at least ${String(properties.minlength)} characters long`
          : kind === 'required'
            ? 'is required'
            : `is not valid (${kind})`;
    return { path: fieldError.path.split('.'), message };
  });
  const first = details[0];
  return {
    error: {
      code: 'invalid_input',
      message: `Invalid input. ${first ? `${first.path.join('.')}: ${first.message}` : 'a field is not valid'}.`,
      details,
    },
  };
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
  if (error instanceof mongoose.Error.ValidationError) {
    return { status: 400, body: modelValidationResponse(error) };
  }
  if (error instanceof mongoose.Error.CastError) {
    return {
      status: 400,
      body: {
        error: {
          code: 'invalid_input',
          message: `Invalid input. ${error.path}: is not a valid ${error.kind}.`,
          details: [{ path: error.path.split('.'), message: `must be a ${error.kind}` }],
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
    if (typeof error.code === 'string' && error.code.startsWith('Z_')) {
      return {
        status: 400,
        body: {
          error: {
            code: 'bad_encoding',
            message:
              'The request body is not valid compressed data for its content-encoding; send it uncompressed, or compress it whole.',
          },
        },
      };
    }
    const refusal = error.type ? BODY_REFUSALS[error.type] : undefined;
    if (refusal && error.status >= 400 && error.status < 500) {
      return { status: error.status, body: { error: refusal } };
    }
    if (error.status >= 400 && error.status < 500) {
      return {
        status: error.status,
        body: {
          error: {
            code: 'bad_request',
            message: `The request body was refused (${error.type ?? 'unreadable'}).`,
          },
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
    // `details` is always there (null when the sentence says it all), so clients read one shape.
    res.status(status).json({ error: { ...body.error, details: body.error.details ?? null } });
  };
}

/** Unknown routes get the same error shape as everything else. */
export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new HttpError(404, 'not_found', `No route ${req.method} ${req.path}.`));
};
