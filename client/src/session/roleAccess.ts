import type { Role } from '../api/types';
import type { Route } from '../router/matchRoute';

/** Which pages each role sees. The server enforces access; this only hides what is not theirs. */
const PAGES_BY_ROLE: Record<Role, readonly Route['page'][]> = {
  admin: ['live', 'flights', 'flight', 'admin', 'account'],
  operator: ['live', 'flights', 'flight', 'account'],
  engineer: ['live', 'flights', 'flight', 'account'],
  maker: ['flights', 'flight', 'account'],
};

export function canOpen(role: Role, page: Route['page']): boolean {
  return PAGES_BY_ROLE[role].includes(page);
}

/** Where a role lands after signing in. */
export function homePath(role: Role): string {
  return role === 'operator' ? '/live' : role === 'admin' ? '/live' : '/flights';
}
