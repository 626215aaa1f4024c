import type { Request } from 'express';
import { flightAccessFor } from '../../../access/flightAccess.js';
import { recordAudit } from '../../../audit/auditLog.js';
import { mergeOnboardLog } from '../../../flights/mergeOnboardLog.js';
import { badRequest, HttpError } from '../../httpError.js';
import { idParamsSchema, noQuerySchema } from '../commonSchemas.js';
import { defineRoute } from '../defineRoute.js';

/** An onboard .tlog of a few hours of flight at full rate stays well below this [bytes]. */
export const MAX_ONBOARD_LOG_BYTES = 256 * 1024 * 1024;

/** The request body as bytes, refused past the limit before it is all read. */
async function rawBody(req: Request, limitBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    length += chunk.length;
    if (length > limitBytes) {
      throw new HttpError(
        413,
        'payload_too_large',
        `The onboard log is larger than the ${limitBytes} bytes this route accepts.`,
      );
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export const onboardLogRoutes = [
  defineRoute({
    method: 'post',
    path: '/flights/:id/onboard-log',
    tag: 'flights',
    summary:
      "Completes a landed flight from the drone's onboard log (the .tlog bytes as the body, application/octet-stream): mode changes, messages, failsafes and arm/disarm from where live telemetry was silent become the flight's events. Evaluate the flight again afterwards.",
    access: { permission: 'flights:evaluate' },
    params: idParamsSchema,
    query: noQuerySchema,
    async handle({ params, user, deps, req }) {
      await flightAccessFor(deps.connection, user).getFlight(params.id);
      if (!req.is('application/octet-stream')) {
        throw badRequest(
          'Send the onboard log as the body, with content-type application/octet-stream.',
        );
      }
      const bytes = await rawBody(req, MAX_ONBOARD_LOG_BYTES);
      if (bytes.length === 0) throw badRequest('The onboard log is empty.');
      const merge = await mergeOnboardLog(deps.connection, params.id, bytes);
      await recordAudit(
        deps.connection,
        user,
        'merge-onboard-log',
        params.id,
        `onboard log ${merge.onboardLogSha256}: ${merge.added.length} events merged`,
      );
      return merge;
    },
  }),
];
