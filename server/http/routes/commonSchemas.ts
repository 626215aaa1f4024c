import { Types } from 'mongoose';
import { z } from 'zod';

/** A 24-hex-digit MongoDB id; anything else (including `{"$ne": …}`) is refused. */
export const objectIdSchema = z
  .string()
  .regex(/^[0-9a-fA-F]{24}$/, 'must be a 24-character hexadecimal id')
  .meta({ description: 'MongoDB ObjectId (24 hex digits)', example: '665f1c2e8b3c4a0012345678' });

export const idParamsSchema = z.strictObject({ id: objectIdSchema });

export const noParamsSchema = z.strictObject({});
export const noQuerySchema = z.strictObject({});

/** `null` in a body clears a reference; absent leaves it alone. */
export const nullableObjectIdSchema = objectIdSchema.nullable();

export function toObjectId(id: string): Types.ObjectId {
  return new Types.ObjectId(id);
}

export function toObjectIdOrNull(id: string | null): Types.ObjectId | null {
  return id === null ? null : new Types.ObjectId(id);
}

export function hexOrNull(id: Types.ObjectId | null | undefined): string | null {
  return id ? id.toHexString() : null;
}

/** A page size from the query string. */
export const limitSchema = z.coerce.number().int().min(1).max(200).default(50);

/** Names shown to people: trimmed, not empty, bounded. */
export const nameSchema = z.string().trim().min(1, 'must not be empty').max(120);

export const emptyBodySchema = z.strictObject({}).optional();

export const errorResponseSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: 'Error' });
