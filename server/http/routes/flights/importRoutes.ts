import { z } from 'zod';
import { recordAudit } from '../../../audit/auditLog.js';
import { importOnboardLog } from '../../../flights/import/importOnboardLog.js';
import { receiveUpload } from '../../../flights/import/receiveUpload.js';
import { badRequest } from '../../httpError.js';
import { noParamsSchema, objectIdSchema } from '../commonSchemas.js';
import { defineRoute } from '../defineRoute.js';

const importQuerySchema = z.strictObject({
  vehicleId: objectIdSchema.optional(),
  rangeId: objectIdSchema.optional(),
});

export const importRoutes = [
  defineRoute({
    method: 'post',
    path: '/flights/import',
    tag: 'flights',
    summary:
      "Imports a drone's onboard log (PX4 .ulg; the file's bytes as the body, application/octet-stream, streamed) as stored flights: one per arm-to-disarm, on the vehicle given by vehicleId, or on rangeId's automatic record for the log's system id. The log is kept byte-exact under its SHA-256; each flight is evaluated against the vehicle's default plan. Damage read past is counted in the answer (skippedBytes, problems). 201 with the flights; 415 for a file that is no onboard log, 422 for a log without a flight, 409 for a log imported before, 413 past SORTIE_IMPORT_MAX_MB.",
    access: { permission: 'flights:evaluate' },
    params: noParamsSchema,
    query: importQuerySchema,
    successStatus: 201,
    async handle({ query, user, deps, req }) {
      if (!req.is('application/octet-stream')) {
        throw badRequest(
          'Send the log file as the body, with content-type application/octet-stream.',
        );
      }
      const upload = await receiveUpload(
        req,
        deps.config.database.dataDir,
        deps.config.onboardLogs.maxBytes,
      );
      try {
        const imported = await importOnboardLog(deps.connection, user, upload, query, {
          armGraceS: deps.config.ingest.armGraceS,
          logger: deps.logger,
        });
        for (const flight of imported.flights) {
          await recordAudit(
            deps.connection,
            user,
            'import-onboard-log',
            flight.flightId,
            `imported from onboard log ${imported.onboardLogSha256} (${imported.format}, ${imported.bytes} bytes, ${imported.skippedBytes} skipped)`,
          );
        }
        deps.logger.info(
          {
            sha256: imported.onboardLogSha256,
            flights: imported.flights.length,
            skippedBytes: imported.skippedBytes,
          },
          'onboard log imported',
        );
        return imported;
      } finally {
        await upload.discard();
      }
    },
  }),
];
