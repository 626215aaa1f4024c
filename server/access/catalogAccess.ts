import { EntityId } from '../store/ids.js';
import type { SessionUser } from '../auth/sessionUser.js';

type Filter = Record<string, unknown>;

const NOTHING: Filter = { _id: { $in: [] } };

/**
 * Which vehicles and makers a user may list: a maker user sees its own organisation and its
 * vehicles, everyone else with catalog:read sees all. Ranges are not scoped (a maker may
 * need the range's name and fences to read its own flights).
 */
export function visibleVehiclesFilter(user: SessionUser): Filter {
  if (user.role !== 'maker') return {};
  return user.makerId ? { makerId: new EntityId(user.makerId) } : NOTHING;
}

export function visibleMakersFilter(user: SessionUser): Filter {
  if (user.role !== 'maker') return {};
  return user.makerId ? { _id: new EntityId(user.makerId) } : NOTHING;
}
