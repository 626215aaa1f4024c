import type { Role } from '../api/types';
import type { Route } from '../router/matchRoute';

/** Which pages each role sees. The server enforces access; this only hides what is not theirs. */
const PAGES_BY_ROLE: Record<Role, readonly Route['page'][]> = {
  admin: ['live', 'flights', 'flight', 'compare', 'admin', 'account'],
  operator: ['live', 'flights', 'flight', 'compare', 'account'],
  engineer: ['live', 'flights', 'flight', 'compare', 'account'],
  maker: ['flights', 'flight', 'compare', 'account'],
};

export function canOpen(role: Role, page: Route['page']): boolean {
  return PAGES_BY_ROLE[role].includes(page);
}

/** Where a role lands after signing in. */
export function homePath(role: Role): string {
  return role === 'operator' ? '/live' : role === 'admin' ? '/live' : '/flights';
}
