import { Schema, Types, type Connection, type InferSchemaType, type Model } from 'mongoose';

export const AUDIT_ACTIONS = [
  'view',
  'download',
  'evaluate',
  'merge-onboard-log',
  'import-onboard-log',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/**
 * One line of the audit trail: who did what to which flight, when. Written once, never
 * updated; the user's e-mail and role are copied so the line stays true if the user changes.
 */
export const auditEntrySchema = new Schema({
  at: { type: Date, required: true },
  action: { type: String, enum: AUDIT_ACTIONS, required: true },
  flightId: { type: Types.ObjectId, ref: 'Flight', required: true },
  userId: { type: Types.ObjectId, ref: 'User', required: true },
  userEmail: { type: String, required: true },
  userRole: { type: String, required: true },
  /** e.g. the evaluation id or the downloaded format. */
  detail: { type: String, default: null },
});
auditEntrySchema.index({ at: -1 });

export type AuditEntryDoc = InferSchemaType<typeof auditEntrySchema>;

const cache = new WeakMap<Connection, Model<AuditEntryDoc>>();

export function auditModel(connection: Connection): Model<AuditEntryDoc> {
  let model = cache.get(connection);
  if (!model) {
    model = connection.model('AuditEntry', auditEntrySchema, 'auditLog');
    cache.set(connection, model);
  }
  return model;
}
