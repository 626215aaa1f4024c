import type { MessageKey } from '../i18n/en';

/** The admin sections, the API collection each manages, and the columns its table shows. */
export interface AdminSection {
  id: string;
  title: MessageKey;
  path: string;
  listName: string;
  columns: string[];
}

export const ADMIN_SECTIONS: AdminSection[] = [
  {
    id: 'users',
    title: 'admin.users',
    path: '/api/users',
    listName: 'users',
    columns: ['email', 'name', 'role', 'makerId'],
  },
  {
    id: 'makers',
    title: 'admin.makers',
    path: '/api/makers',
    listName: 'makers',
    columns: ['name', 'contactEmail'],
  },
  {
    id: 'vehicles',
    title: 'admin.vehicles',
    path: '/api/vehicles',
    listName: 'vehicles',
    columns: ['name', 'serial', 'model', 'makerId', 'sysId'],
  },
  {
    id: 'ranges',
    title: 'admin.ranges',
    path: '/api/ranges',
    listName: 'ranges',
    columns: ['name', 'timeZone'],
  },
  {
    id: 'test-plans',
    title: 'admin.testPlans',
    path: '/api/test-plans',
    listName: 'testPlans',
    columns: ['name', 'version'],
  },
  {
    id: 'api-keys',
    title: 'admin.apiKeys',
    path: '/api/api-keys',
    listName: 'apiKeys',
    columns: ['name', 'prefix', 'rangeId', 'revokedAt'],
  },
];
