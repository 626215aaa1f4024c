import { useState } from 'react';
import { apiFetch } from '../api/apiFetch';
import { listItems } from '../api/listItems';
import { ErrorMessage } from '../components/ErrorMessage';
import { useAsync } from '../components/useAsync';
import { formatUtc } from '../format/formatTime';
import { useI18n } from '../i18n/I18nProvider';
import type { MessageKey } from '../i18n/en';
import type { AdminColumn, AdminSection, ReferenceList } from './adminSections';
import { CreateForm } from './CreateForm';
import { Switch } from './Switch';
import { TestPlanUpload } from './TestPlanUpload';
import { useReferences, type References } from './useReferences';

type Row = Record<string, unknown>;

/** One admin collection: its table from the list endpoint, a create form, delete after asking. */
export function ResourceTable({ section }: { section: AdminSection }) {
  const { t } = useI18n();
  const [error, setError] = useState<unknown>(null);
  const [createdKey, setCreatedKey] = useState<string | null>(null);
  const rows = useAsync(
    async (signal) => listItems<Row>(await apiFetch(section.path, { signal }), section.listName),
    [section.path],
  );
  const needed = section.columns
    .map((c) => c.referenceTo)
    .filter((name): name is ReferenceList => name !== undefined);
  const references = useReferences(needed, section.id);
  const known: References =
    references.status === 'done' ? references.value : { makers: [], ranges: [] };

  const run = async (request: () => Promise<unknown>) => {
    setError(null);
    try {
      await request();
      rows.reload();
    } catch (caught) {
      setError(caught);
    }
  };

  const remove = (row: Row) => {
    const name = String(row.name ?? row.email ?? row.id);
    const question =
      section.deleteLabel === 'admin.revoke' ? 'admin.confirmRevoke' : 'admin.confirmDelete';
    if (!window.confirm(t(question, { name }))) return;
    void run(() =>
      apiFetch(`${section.path}/${encodeURIComponent(String(row.id))}`, { method: 'DELETE' }),
    );
  };

  const setSwitch = (row: Row, column: AdminColumn, checked: boolean) =>
    void run(() =>
      apiFetch(`${section.path}/${encodeURIComponent(String(row.id))}`, {
        method: 'PATCH',
        body: { [column.name]: checked },
      }),
    );

  const created = (answer: unknown) => {
    // A new ground-link key comes back once, in the answer; it is never shown again.
    const key = (answer as { key?: unknown } | null)?.key;
    setCreatedKey(typeof key === 'string' ? key : null);
    rows.reload();
  };

  const cell = (row: Row, column: AdminColumn) => {
    const value = row[column.name];
    if (column.show === 'switch') {
      return (
        <Switch
          label={value === true ? t('admin.yes') : t('admin.no')}
          checked={value === true}
          onChange={(checked) => setSwitch(row, column, checked)}
        />
      );
    }
    if (value === null || value === undefined || value === '') return t('common.none');
    if (column.show === 'reference' && column.referenceTo) {
      // Until the names are in, an id would flash by: show that it is coming instead.
      if (references.status === 'loading') return '…';
      return known[column.referenceTo].find((item) => item.id === value)?.name ?? String(value);
    }
    if (column.show === 'role') return t(`role.${String(value)}` as MessageKey);
    if (column.show === 'time' && typeof value === 'string') return formatUtc(Date.parse(value));
    if (typeof value === 'object') return JSON.stringify(value);
    return String(value);
  };

  return (
    <section className="resource-section">
      {section.fields.length > 0 && <CreateForm section={section} onCreated={created} />}
      {section.id === 'test-plans' && <TestPlanUpload onCreated={rows.reload} />}
      {createdKey && (
        <p className="new-key" data-testid="new-api-key">
          {t('admin.newKey', { key: createdKey })}
        </p>
      )}
      {error !== null && <ErrorMessage error={error} />}
      {rows.status === 'loading' && <p className="muted">{t('common.loading')}</p>}
      {rows.status === 'failed' && <ErrorMessage error={rows.error} onRetry={rows.reload} />}
      {rows.status === 'done' && (
        <table className="resource-table" data-testid={`admin-${section.id}`}>
          <thead>
            <tr>
              {section.columns.map((column) => (
                <th key={column.name}>{t(column.label)}</th>
              ))}
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.value.map((row, index) => (
              <tr key={String(row.id ?? index)}>
                {section.columns.map((column) => (
                  <td key={column.name} data-column={column.name}>
                    {cell(row, column)}
                  </td>
                ))}
                <td>
                  {section.deleteLabel && typeof row.id === 'string' && !row.revokedAt && (
                    <button type="button" className="danger" onClick={() => remove(row)}>
                      {t(section.deleteLabel)}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
