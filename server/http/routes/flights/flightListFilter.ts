import { EntityId } from '../../../store/ids.js';
import { z } from 'zod';
import type { FlightFilter, VisibleFlight } from '../../../access/flightAccess.js';
import { badRequest } from '../../httpError.js';
import type { FlightListQuery, FlightSort } from './schemas.js';

/** The stored field each sort orders by; `_id` breaks ties so paging is exact. */
const SORT_FIELDS: Record<FlightSort, { field: string; direction: 1 | -1 }> = {
  '-startedAt': { field: 'startedAt', direction: -1 },
  startedAt: { field: 'startedAt', direction: 1 },
  '-durationS': { field: 'summary.durationS', direction: -1 },
  durationS: { field: 'summary.durationS', direction: 1 },
  vehicleName: { field: 'vehicleName', direction: 1 },
  '-vehicleName': { field: 'vehicleName', direction: -1 },
};

/** What a cursor carries: the last row's sort value and id. Opaque to clients. */
const cursorSchema = z.strictObject({
  sort: z.enum(Object.keys(SORT_FIELDS) as [FlightSort, ...FlightSort[]]),
  value: z.union([z.string().max(300), z.number().finite()]),
  id: z.string().regex(/^[0-9a-f]{24}$/),
});

/** The cursor's sort value as the sort's field stores it, or null when it cannot be one. */
function storedSortValue(field: string, value: string | number): Date | string | number | null {
  if (field === 'startedAt') {
    if (typeof value !== 'string') return null;
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? null : date;
  }
  if (field === 'summary.durationS') return typeof value === 'number' ? value : null;
  return typeof value === 'string' ? value : null;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The user's filters as a MongoDB filter (to be ANDed with what they may see). */
export function flightListFilter(query: FlightListQuery): FlightFilter {
  const filter: FlightFilter = {};
  if (query.vehicle) filter.vehicleId = new EntityId(query.vehicle);
  if (query.maker) filter.makerId = new EntityId(query.maker);
  if (query.range) filter.rangeId = new EntityId(query.range);
  if (query.from || query.to) {
    filter.startedAt = {
      ...(query.from ? { $gte: new Date(query.from) } : {}),
      ...(query.to ? { $lt: new Date(query.to) } : {}),
    };
  }
  if (query.status) filter.status = { $in: query.status };
  if (query.verdict) filter.verdict = query.verdict === 'none' ? null : query.verdict;
  if (query.text) {
    const pattern = { $regex: escapeRegex(query.text), $options: 'i' };
    filter.$or = [{ vehicleName: pattern }, { makerName: pattern }, { linkId: pattern }];
  }
  return filter;
}

export function flightSortOrder(sort: FlightSort): Record<string, 1 | -1> {
  const { field, direction } = SORT_FIELDS[sort];
  return { [field]: direction, _id: direction };
}

function sortValueOf(flight: VisibleFlight, field: string): string | number {
  if (field === 'startedAt') return flight.startedAt.toISOString();
  if (field === 'summary.durationS') return flight.summary?.durationS ?? 0;
  return flight.vehicleName ?? '';
}

export function encodeCursor(flight: VisibleFlight, sort: FlightSort): string {
  const value = sortValueOf(flight, SORT_FIELDS[sort].field);
  return Buffer.from(JSON.stringify({ sort, value, id: flight._id.toHexString() })).toString(
    'base64url',
  );
}

/** The filter for "rows after the cursor" in the sort's order. */
export function afterCursorFilter(cursor: string, sort: FlightSort): FlightFilter {
  let decoded: z.infer<typeof cursorSchema>;
  try {
    decoded = cursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw badRequest('The cursor is not one this API gave out; start again without it.');
  }
  if (decoded.sort !== sort) {
    throw badRequest(`The cursor belongs to sort=${decoded.sort}; use the same sort to page on.`);
  }
  const { field, direction } = SORT_FIELDS[sort];
  const value = storedSortValue(field, decoded.value);
  if (value === null) {
    throw badRequest('The cursor is not one this API gave out; start again without it.');
  }
  const beyond = direction === 1 ? '$gt' : '$lt';
  return {
    $or: [
      { [field]: { [beyond]: value } },
      { [field]: value, _id: { [beyond]: new EntityId(decoded.id) } },
    ],
  };
}
