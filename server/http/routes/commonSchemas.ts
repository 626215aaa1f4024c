import { EntityId } from '../../store/ids.js';
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

export function toObjectId(id: string): EntityId {
  return new EntityId(id);
}

export function toObjectIdOrNull(id: string | null): EntityId | null {
  return id === null ? null : new EntityId(id);
}

export function hexOrNull(id: EntityId | null | undefined): string | null {
  return id ? id.toHexString() : null;
}

/** A page size from the query string. */
export const limitSchema = z.coerce.number().int().min(1).max(200).default(50);

/** Longest name the models store, in UTF-16 code units as MongoDB documents measure it. */
export const MAX_NAME_UNITS = 120;

/**
 * Names shown to people: trimmed, not empty, bounded. zod's max counts code points, the models
 * count UTF-16 units (an emoji is two), so the bound is checked the way the models check it.
 */
export const nameSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(MAX_NAME_UNITS)
  .refine((name) => name.length <= MAX_NAME_UNITS, {
    message: `must be at most ${MAX_NAME_UNITS} characters (an emoji counts as two)`,
  });

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

/** Deepest nesting of objects and arrays a request may send. */
export const MAX_INPUT_DEPTH = 64;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function textProblem(text: string): string | null {
  if (text.includes('\u0000')) return 'must not contain a NUL character (\\u0000)';
  if (LONE_SURROGATE.test(text)) {
    return 'must be well-formed Unicode: it holds half of a UTF-16 surrogate pair';
  }
  return null;
}

/**
 * Every text in a request (values and keys, at any depth), checked once for all routes before
 * their own schemas: no NUL and no lone surrogate, which databases, logs and PDF reports would
 * store or print as garbage, and no nesting past MAX_INPUT_DEPTH. Iterative, so a deep body
 * cannot exhaust the stack.
 */
export const wellFormedInputSchema = z.unknown().superRefine((input, ctx) => {
  const stack: { value: unknown; path: PropertyKey[] }[] = [{ value: input, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value === 'string') {
      const problem = textProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', path, message: problem });
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (path.length >= MAX_INPUT_DEPTH) {
      ctx.addIssue({
        code: 'custom',
        path,
        message: `nested deeper than ${MAX_INPUT_DEPTH} levels`,
      });
      continue;
    }
    const entries: [PropertyKey, unknown][] = Array.isArray(value)
      ? value.map((item, index) => [index, item])
      : Object.entries(value);
    for (const [key, item] of entries) {
      const keyProblem = typeof key === 'string' ? textProblem(key) : null;
      if (keyProblem)
        ctx.addIssue({ code: 'custom', path: [...path, key], message: `key ${keyProblem}` });
      else stack.push({ value: item, path: [...path, key] });
    }
  }
});
