import type { Connection } from 'mongoose';
import { getModels } from '../../store/models/models.js';
import { unprocessable } from '../httpError.js';

/**
 * Checks that the maker and range a body names exist, before anything is written: a
 * well-formed id that points nowhere is a 422 that names the field.
 */
export async function assertReferencesExist(
  connection: Connection,
  references: { makerId?: string | null; rangeId?: string | null },
): Promise<void> {
  const { Maker, Range } = getModels(connection);
  if (references.makerId && !(await Maker.exists({ _id: references.makerId }))) {
    throw unprocessable(`makerId ${references.makerId} names no maker.`, { path: ['makerId'] });
  }
  if (references.rangeId && !(await Range.exists({ _id: references.rangeId }))) {
    throw unprocessable(`rangeId ${references.rangeId} names no range.`, { path: ['rangeId'] });
  }
}
