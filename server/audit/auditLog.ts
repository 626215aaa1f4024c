import { type Connection } from 'mongoose';
import { EntityId } from '../store/ids.js';
import type { SessionUser } from '../auth/sessionUser.js';
import { auditModel, type AuditAction } from '../store/models/audit.js';

export type { AuditAction } from '../store/models/audit.js';

export interface AuditEntry {
  id: string;
  at: Date;
  action: AuditAction;
  flightId: string;
  userId: string;
  userEmail: string;
  userRole: string;
  detail: string | null;
}

/** Records that a user viewed, downloaded or evaluated a flight. */
export async function recordAudit(
  connection: Connection,
  user: SessionUser,
  action: AuditAction,
  flightId: string,
  detail: string | null = null,
): Promise<void> {
  await auditModel(connection).create({
    at: new Date(),
    action,
    flightId: new EntityId(flightId),
    userId: new EntityId(user.id),
    userEmail: user.email,
    userRole: user.role,
    detail,
  });
}

export interface AuditQuery {
  flightId?: string;
  userId?: string;
  action?: AuditAction;
  /** Entries strictly older than this, for paging backwards. */
  before?: Date;
  limit: number;
}

/** Newest first. */
export async function listAudit(connection: Connection, query: AuditQuery): Promise<AuditEntry[]> {
  const filter: Record<string, unknown> = {};
  if (query.flightId) filter.flightId = new EntityId(query.flightId);
  if (query.userId) filter.userId = new EntityId(query.userId);
  if (query.action) filter.action = query.action;
  if (query.before) filter.at = { $lt: query.before };
  const entries = await auditModel(connection)
    .find(filter)
    .sort({ at: -1, _id: -1 })
    .limit(query.limit)
    .lean();
  return entries.map((entry) => ({
    id: entry._id.toHexString(),
    at: entry.at,
    action: entry.action,
    flightId: entry.flightId.toHexString(),
    userId: entry.userId.toHexString(),
    userEmail: entry.userEmail,
    userRole: entry.userRole,
    detail: entry.detail ?? null,
  }));
}
