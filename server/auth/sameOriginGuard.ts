import type { RequestHandler } from 'express';
import { HttpError } from '../http/httpError.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);
/** The content types the Fetch standard lets any site send without asking (CORS-safelisted). */
const SIMPLE_CONTENT_TYPES = new Set([
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'text/plain',
]);

function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

/**
 * Cross-site request forgery defence, on top of the SameSite=Strict cookie:
 * - a state-changing request whose `Origin` is another site than Sortie's (or an allowed
 *   CORS origin) is refused;
 * - POST, PUT and PATCH must carry a content type other than the three an HTML form or a
 *   "simple" cross-site request may send (form-urlencoded, multipart, text/plain), e.g.
 *   `application/json`, even with an empty body. A script on another site cannot send such a
 *   request without a CORS preflight, which Sortie answers only for the configured origins.
 */
export function sameOriginGuard(allowedOrigins: readonly string[]): RequestHandler {
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const origin = req.headers.origin;
    if (origin !== undefined) {
      const ownOrigin = `${req.protocol}://${req.headers.host ?? ''}`;
      if (origin !== ownOrigin && !allowedOrigins.includes(origin)) {
        return next(
          new HttpError(
            403,
            'cross_site',
            `Requests from ${origin} may not change anything here; use Sortie's own pages.`,
          ),
        );
      }
    }
    const mediaType = mediaTypeOf(req.headers['content-type']);
    if (BODY_METHODS.has(req.method) && (mediaType === '' || SIMPLE_CONTENT_TYPES.has(mediaType))) {
      return next(
        new HttpError(
          400,
          'json_required',
          `${req.method} requests must send content-type: application/json (send {} for no data).`,
        ),
      );
    }
    next();
  };
}
