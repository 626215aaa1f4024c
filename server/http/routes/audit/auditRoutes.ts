import { z } from 'zod';
import { AUDIT_ACTIONS } from '../../../store/models/audit.js';
import { listAudit } from '../../../audit/auditLog.js';
import { limitSchema, objectIdSchema } from '../commonSchemas.js';
import { defineRoute } from '../defineRoute.js';

const auditEntrySchema = z
  .object({
    id: z.string(),
    at: z.iso.datetime(),
    action: z.enum(AUDIT_ACTIONS),
    flightId: z.string(),
    userId: z.string(),
    userEmail: z.string(),
    userRole: z.string(),
    detail: z.string().nullable(),
  })
  .meta({ id: 'AuditEntry' });

export const auditRoutes = [
  defineRoute({
    method: 'get',
    path: '/audit',
    tag: 'audit',
    summary: 'Who viewed, downloaded or evaluated which flight, newest first (admin).',
    access: { permission: 'audit:read' },
    query: z.strictObject({
      flight: objectIdSchema.optional(),
      user: objectIdSchema.optional(),
      action: z.enum(AUDIT_ACTIONS).optional(),
      before: z.iso
        .datetime({ offset: true })
        .optional()
        .meta({ description: 'entries older than this instant, for the next page' }),
      limit: limitSchema,
    }),
    response: z.object({ entries: z.array(auditEntrySchema) }),
    async handle({ query, deps }) {
      const entries = await listAudit(deps.connection, {
        flightId: query.flight,
        userId: query.user,
        action: query.action,
        before: query.before ? new Date(query.before) : undefined,
        limit: query.limit,
      });
      return { entries };
    },
  }),
];
