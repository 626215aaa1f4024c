import type { Role } from '../store/models/user.js';

/**
 * What each role may do: the one table every route and socket checks. Scoping (which flights
 * a maker sees) is not a permission but the data-access layer's job (server/access/).
 *
 * | permission          | admin | operator | engineer | maker          |
 * | ------------------- | ----- | -------- | -------- | -------------- |
 * | flights:read        | ✓     | ✓        | ✓        | own flights    |
 * | flights:download    | ✓     |          | ✓        | own flights    |
 * | flights:evaluate    | ✓     |          | ✓        |                |
 * | live:view           | ✓     | ✓        | ✓        | own flights    |
 * | live:range          | ✓     | ✓        | ✓        |                |
 * | catalog:read        | ✓     | ✓        | ✓        | own maker      |
 * | catalog:write       | ✓     |          |          |                |
 * | users:manage        | ✓     |          |          |                |
 * | apiKeys:manage      | ✓     |          |          |                |
 * | audit:read          | ✓     |          |          |                |
 *
 * `catalog` is vehicles, makers and ranges. `live:range` is a whole range's room (every
 * drone on it), which would show a maker other makers' drones; makers join their own
 * flights' rooms only.
 */
export const PERMISSIONS = [
  'flights:read',
  'flights:download',
  'flights:evaluate',
  'live:view',
  'live:range',
  'catalog:read',
  'catalog:write',
  'users:manage',
  'apiKeys:manage',
  'audit:read',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  operator: ['flights:read', 'live:view', 'live:range', 'catalog:read'],
  engineer: [
    'flights:read',
    'flights:download',
    'flights:evaluate',
    'live:view',
    'live:range',
    'catalog:read',
  ],
  maker: ['flights:read', 'flights:download', 'live:view', 'catalog:read'],
};

export function hasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

export function permissionsOf(role: Role): readonly Permission[] {
  return ROLE_PERMISSIONS[role];
}
