import type { MessageKey } from '../i18n/en';

/** A field of an admin "create" form, sent as the API's body schema names it. */
export interface AdminField {
  name: string;
  type: 'text' | 'email' | 'password' | 'number' | 'select';
  required?: boolean;
  /** Fixed choices, or the collection whose items (by name) fill the select. */
  options?: readonly string[];
  optionsFrom?: 'makers' | 'ranges';
}

/** The admin sections, the API collection each manages, its table columns and create form. */
export interface AdminSection {
  id: string;
  title: MessageKey;
  path: string;
  listName: string;
  columns: string[];
  fields: AdminField[];
  /** API keys are revoked (DELETE keeps them listed); the rest are deleted; null: neither. */
  deleteLabel: MessageKey | null;
}

export const ADMIN_SECTIONS: AdminSection[] = [
  {
    id: 'users',
    title: 'admin.users',
    path: '/api/users',
    listName: 'users',
    columns: ['email', 'name', 'role', 'makerId', 'disabled'],
    fields: [
      { name: 'email', type: 'email', required: true },
      { name: 'name', type: 'text', required: true },
      {
        name: 'role',
        type: 'select',
        required: true,
        options: ['operator', 'engineer', 'maker', 'admin'],
      },
      { name: 'makerId', type: 'select', optionsFrom: 'makers' },
      { name: 'password', type: 'password', required: true },
    ],
    deleteLabel: 'common.delete',
  },
  {
    id: 'makers',
    title: 'admin.makers',
    path: '/api/makers',
    listName: 'makers',
    columns: ['name', 'contactEmail'],
    fields: [
      { name: 'name', type: 'text', required: true },
      { name: 'contactEmail', type: 'email' },
    ],
    deleteLabel: 'common.delete',
  },
  {
    id: 'vehicles',
    title: 'admin.vehicles',
    path: '/api/vehicles',
    listName: 'vehicles',
    columns: ['name', 'serial', 'model', 'makerId', 'rangeId', 'sysId'],
    fields: [
      { name: 'name', type: 'text', required: true },
      { name: 'serial', type: 'text', required: true },
      { name: 'model', type: 'text' },
      { name: 'makerId', type: 'select', optionsFrom: 'makers' },
      { name: 'rangeId', type: 'select', optionsFrom: 'ranges' },
      { name: 'sysId', type: 'number' },
    ],
    deleteLabel: 'common.delete',
  },
  {
    id: 'ranges',
    title: 'admin.ranges',
    path: '/api/ranges',
    listName: 'ranges',
    columns: ['name', 'timeZone', 'fencesVersion'],
    fields: [],
    deleteLabel: 'common.delete',
  },
  {
    id: 'test-plans',
    title: 'admin.testPlans',
    path: '/api/test-plans',
    listName: 'testPlans',
    columns: ['name', 'key', 'latestVersion', 'updatedAt'],
    fields: [],
    // Plans are versioned and frozen once used: they are revised, never deleted.
    deleteLabel: null,
  },
  {
    id: 'api-keys',
    title: 'admin.apiKeys',
    path: '/api/api-keys',
    listName: 'apiKeys',
    columns: ['name', 'prefix', 'rangeId', 'lastUsedAt', 'revokedAt'],
    fields: [
      { name: 'name', type: 'text', required: true },
      { name: 'rangeId', type: 'select', optionsFrom: 'ranges' },
    ],
    deleteLabel: 'admin.revoke',
  },
];
