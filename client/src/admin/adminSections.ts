import type { MessageKey } from '../i18n/en';

/** Collections whose items are picked by name in a form and shown by name in a table. */
export type ReferenceList = 'makers' | 'ranges';

/** A field of an admin "create" form, sent under the name the API's body schema gives it. */
export interface AdminField {
  name: string;
  label: MessageKey;
  type: 'text' | 'email' | 'password' | 'number' | 'select' | 'switch';
  required?: boolean;
  /** Fixed choices, each shown as the message `${optionPrefix}${option}`. */
  options?: readonly string[];
  optionPrefix?: string;
  /** The collection whose items (by name) fill the select. */
  optionsFrom?: ReferenceList;
  /** Number inputs: the step the browser allows (coordinates need decimals). */
  step?: string;
}

/** A table column: the item's field, its heading, and how its value reads. */
export interface AdminColumn {
  name: string;
  label: MessageKey;
  show?: 'text' | 'reference' | 'switch' | 'time' | 'role';
  /** show 'reference': the list the id is looked up in. */
  referenceTo?: ReferenceList;
}

/** The admin sections, the API collection each manages, its table columns and create form. */
export interface AdminSection {
  id: string;
  title: MessageKey;
  path: string;
  listName: string;
  columns: AdminColumn[];
  fields: AdminField[];
  /** API keys are revoked (DELETE keeps them listed); the rest are deleted; null: neither. */
  deleteLabel: MessageKey | null;
}

const NAME_COLUMN: AdminColumn = { name: 'name', label: 'admin.field.name' };
const NAME_FIELD: AdminField = {
  name: 'name',
  label: 'admin.field.name',
  type: 'text',
  required: true,
};

export const ADMIN_SECTIONS: AdminSection[] = [
  {
    id: 'users',
    title: 'admin.users',
    path: '/api/users',
    listName: 'users',
    columns: [
      { name: 'email', label: 'admin.field.email' },
      NAME_COLUMN,
      { name: 'role', label: 'admin.field.role', show: 'role' },
      { name: 'makerId', label: 'admin.field.maker', show: 'reference', referenceTo: 'makers' },
      { name: 'disabled', label: 'admin.field.disabled', show: 'switch' },
    ],
    fields: [
      { name: 'email', label: 'admin.field.email', type: 'email', required: true },
      NAME_FIELD,
      {
        name: 'role',
        label: 'admin.field.role',
        type: 'select',
        required: true,
        options: ['operator', 'engineer', 'maker', 'admin'],
        optionPrefix: 'role.',
      },
      { name: 'makerId', label: 'admin.field.maker', type: 'select', optionsFrom: 'makers' },
      { name: 'password', label: 'admin.field.password', type: 'password', required: true },
      { name: 'disabled', label: 'admin.field.disabled', type: 'switch' },
    ],
    deleteLabel: 'common.delete',
  },
  {
    id: 'makers',
    title: 'admin.makers',
    path: '/api/makers',
    listName: 'makers',
    columns: [NAME_COLUMN, { name: 'contactEmail', label: 'admin.field.contactEmail' }],
    fields: [
      NAME_FIELD,
      { name: 'contactEmail', label: 'admin.field.contactEmail', type: 'email' },
    ],
    deleteLabel: 'common.delete',
  },
  {
    id: 'vehicles',
    title: 'admin.vehicles',
    path: '/api/vehicles',
    listName: 'vehicles',
    columns: [
      NAME_COLUMN,
      { name: 'serial', label: 'admin.field.serial' },
      { name: 'model', label: 'admin.field.model' },
      { name: 'makerId', label: 'admin.field.maker', show: 'reference', referenceTo: 'makers' },
      { name: 'rangeId', label: 'admin.field.range', show: 'reference', referenceTo: 'ranges' },
      { name: 'sysId', label: 'admin.field.sysId' },
    ],
    fields: [
      NAME_FIELD,
      { name: 'serial', label: 'admin.field.serial', type: 'text', required: true },
      { name: 'model', label: 'admin.field.model', type: 'text' },
      { name: 'makerId', label: 'admin.field.maker', type: 'select', optionsFrom: 'makers' },
      { name: 'rangeId', label: 'admin.field.range', type: 'select', optionsFrom: 'ranges' },
      { name: 'sysId', label: 'admin.field.sysId', type: 'number' },
    ],
    deleteLabel: 'common.delete',
  },
  {
    id: 'ranges',
    title: 'admin.ranges',
    path: '/api/ranges',
    listName: 'ranges',
    columns: [
      NAME_COLUMN,
      { name: 'timeZone', label: 'admin.field.timeZone' },
      { name: 'fencesVersion', label: 'admin.field.fencesVersion' },
    ],
    fields: [],
    deleteLabel: 'common.delete',
  },
  {
    id: 'test-plans',
    title: 'admin.testPlans',
    path: '/api/test-plans',
    listName: 'testPlans',
    columns: [
      NAME_COLUMN,
      { name: 'key', label: 'admin.field.key' },
      { name: 'latestVersion', label: 'admin.field.latestVersion' },
      { name: 'updatedAt', label: 'admin.field.updatedAt', show: 'time' },
    ],
    fields: [],
    // Plans are versioned and frozen once used: they are revised, never deleted.
    deleteLabel: null,
  },
  {
    id: 'api-keys',
    title: 'admin.apiKeys',
    path: '/api/api-keys',
    listName: 'apiKeys',
    columns: [
      NAME_COLUMN,
      { name: 'prefix', label: 'admin.field.prefix' },
      { name: 'rangeId', label: 'admin.field.range', show: 'reference', referenceTo: 'ranges' },
      { name: 'lastUsedAt', label: 'admin.field.lastUsedAt', show: 'time' },
      { name: 'revokedAt', label: 'admin.field.revokedAt', show: 'time' },
    ],
    fields: [
      NAME_FIELD,
      { name: 'rangeId', label: 'admin.field.range', type: 'select', optionsFrom: 'ranges' },
    ],
    deleteLabel: 'admin.revoke',
  },
];
