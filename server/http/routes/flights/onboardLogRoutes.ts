import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { flightAccessFor } from '../../../access/flightAccess.js';
import { recordAudit } from '../../../audit/auditLog.js';
import { listOnboardLogs, openOnboardLogStream } from '../../../flights/import/onboardLogFiles.js';
import { receiveUpload } from '../../../flights/import/receiveUpload.js';
import { mergeOnboardLog } from '../../../flights/mergeOnboardLog.js';
import type { Db } from '../../../store/driver.js';
import { badRequest, notFound } from '../../httpError.js';
import { idParamsSchema, noQuerySchema, objectIdSchema } from '../commonSchemas.js';
import { defineRoute } from '../defineRoute.js';

const logParamsSchema = z.strictObject({
  id: objectIdSchema,
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 in 64 lowercase hex digits'),
});

export const onboardLogRoutes = [
  defineRoute({
    method: 'post',
    path: '/flights/:id/onboard-log',
    tag: 'flights',
    summary:
      "Completes a landed flight from the drone's onboard log (.ulg or .tlog; the file's bytes as the body, application/octet-stream, streamed): its clock is put on the flight's (GPS time, else boot time, else altitude), then mode changes, messages, failsafes and arm/disarm from where live telemetry was silent become the flight's events, marked with the log's SHA-256 and the clock offset. 422 for a log that does not overlap the flight or whose clock drifts. Evaluate the flight again afterwards.",
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
      const upload = await receiveUpload(
        req,
        deps.config.database.dataDir,
        deps.config.onboardLogs.maxBytes,
      );
      try {
        const merge = await mergeOnboardLog(deps.connection, params.id, upload);
        await recordAudit(
          deps.connection,
          user,
          'merge-onboard-log',
          params.id,
          `onboard log ${merge.onboardLogSha256} (${merge.format}, clock ${merge.clock.method} ${merge.clock.offsetUs} µs): ${merge.added.length} events merged`,
        );
        return merge;
      } finally {
        await upload.discard();
      }
    },
  }),
  defineRoute({
    method: 'get',
    path: '/flights/:id/onboard-logs',
    tag: 'flights',
    summary:
      'The onboard logs behind a flight (imported from, or merged into it): SHA-256, format, size, and the clock alignment of a merge.',
    access: { permission: 'flights:read' },
    params: idParamsSchema,
    query: noQuerySchema,
    async handle({ params, user, deps }) {
      await flightAccessFor(deps.connection, user).getFlight(params.id);
      const files = await listOnboardLogs(deps.connection.db as Db, params.id);
      return {
        onboardLogs: files.map((file) => ({
          sha256: file.metadata.sha256,
          format: file.metadata.format,
          bytes: file.length,
          uploadedAt: file.uploadDate.toISOString(),
          role: file.metadata.flightIds ? 'imported' : 'merged',
          clock: file.metadata.clock ?? null,
          skippedBytes: file.metadata.skippedBytes ?? 0,
        })),
      };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/flights/:id/onboard-logs/:sha256',
    tag: 'flights',
    summary:
      'An onboard log behind the flight, byte-exact as uploaded (streamed). Recorded in the audit log as a download.',
    access: { permission: 'flights:download' },
    params: logParamsSchema,
    produces: 'application/octet-stream',
    async handle({ params, user, deps, res }) {
      await flightAccessFor(deps.connection, user).getFlight(params.id);
      const db = deps.connection.db as Db;
      const file = (await listOnboardLogs(db, params.id)).find(
        (f) => f.metadata.sha256 === params.sha256,
      );
      if (!file) throw notFound(`Flight ${params.id} has no onboard log ${params.sha256}.`);
      await recordAudit(
        deps.connection,
        user,
        'download',
        params.id,
        `onboard log ${params.sha256}`,
      );
      res.status(200);
      res.setHeader('content-type', 'application/octet-stream');
      res.setHeader('content-length', String(file.length));
      res.setHeader(
        'content-disposition',
        `attachment; filename="${file.filename.replace(':', '-')}"`,
      );
      try {
        await pipeline(openOnboardLogStream(db, file), res);
      } catch (error) {
        deps.logger.warn({ err: error, flightId: params.id }, 'onboard log download interrupted');
      }
      return undefined;
    },
  }),
];
