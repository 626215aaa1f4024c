import type { Model } from 'mongoose';
import { conflict } from '../httpError.js';

/**
 * 409 when another record already holds this value. The unique index stays the last word
 * (a race still ends in a duplicate-key 409); this check gives the sentence that names it.
 */
export async function assertUnique<T>(
  model: Model<T>,
  what: string,
  field: string,
  value: string | undefined,
  exceptId?: string,
): Promise<void> {
  if (value === undefined) return;
  const filter: Record<string, unknown> = { [field]: value };
  if (exceptId) filter._id = { $ne: exceptId };
  if (await model.exists(filter)) {
    throw conflict(`A ${what} with ${field} "${value}" already exists.`, { field });
  }
}
