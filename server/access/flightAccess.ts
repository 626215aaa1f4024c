import { type Connection } from 'mongoose';
import { EntityId } from '../store/ids.js';
import type { SessionUser } from '../auth/sessionUser.js';
import { hasPermission } from '../auth/permissions.js';
import { notFound } from '../http/httpError.js';
import { getModels } from '../store/models/models.js';
import type { FlightDoc } from '../store/models/flight.js';

export type FlightFilter = Record<string, unknown>;
export type VisibleFlight = FlightDoc & { _id: EntityId };

/**
 * The one gate between users and flights: every route and socket that shows a flight asks
 * this object, and nothing else queries flights on a user's behalf.
 */
export interface FlightAccess {
  readonly user: SessionUser;
  /** A MongoDB filter matching exactly the flights this user may see; AND it with any other. */
  visibleFlightsFilter(): FlightFilter;
  /**
   * The flight, or a 404 HttpError when it does not exist *or* is not visible: never 403,
   * so a maker cannot learn that another maker's flight exists.
   */
  getFlight(flightId: string): Promise<VisibleFlight>;
  canSeeFlight(flightId: string): Promise<boolean>;
  /** A whole range's live room shows every drone on it: not for makers. */
  canSeeRange(rangeId: string): Promise<boolean>;
}

/** Matches nothing: a maker user whose organisation is unset sees no flight at all. */
const NO_FLIGHTS: FlightFilter = { _id: { $in: [] } };

/**
 * Maker scoping uses the flight's `makerId`, copied from its vehicle when the flight starts
 * and rewritten when an admin moves a vehicle to another maker (server/http/routes/vehicles),
 * so the filter stays one indexed equality.
 */
function filterFor(user: SessionUser): FlightFilter {
  if (!hasPermission(user.role, 'flights:read')) return NO_FLIGHTS;
  if (user.role !== 'maker') return {};
  if (user.makerId === null || !EntityId.isValid(user.makerId)) return NO_FLIGHTS;
  return { makerId: new EntityId(user.makerId) };
}

function isObjectIdHex(id: string): boolean {
  return /^[0-9a-fA-F]{24}$/.test(id);
}

export function flightAccessFor(connection: Connection, user: SessionUser): FlightAccess {
  const { Flight, Range } = getModels(connection);
  const visible = filterFor(user);

  async function findVisible(flightId: string): Promise<VisibleFlight | null> {
    if (!isObjectIdHex(flightId) || visible === NO_FLIGHTS) return null;
    // `_id` at the top level: the one lookup FerretDB answers from an index.
    return Flight.findOne({ ...visible, _id: new EntityId(flightId) }).lean<VisibleFlight>();
  }

  return {
    user,
    visibleFlightsFilter: () => visible,
    async getFlight(flightId) {
      const flight = await findVisible(flightId);
      if (!flight) throw notFound(`No flight ${flightId}.`);
      return flight;
    },
    async canSeeFlight(flightId) {
      return (await findVisible(flightId)) !== null;
    },
    async canSeeRange(rangeId) {
      if (!hasPermission(user.role, 'live:range') || !isObjectIdHex(rangeId)) return false;
      return (await Range.exists({ _id: new EntityId(rangeId) })) !== null;
    },
  };
}
