import { useState } from 'react';
import { apiFetch } from '../api/apiFetch';
import { listItems } from '../api/listItems';
import { ErrorMessage } from '../components/ErrorMessage';
import { useAsync } from '../components/useAsync';
import { useI18n } from '../i18n/I18nProvider';
import type { AdminSection } from './adminSections';
import { CreateForm } from './CreateForm';
import { TestPlanUpload } from './TestPlanUpload';

function cell(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** One admin collection: its table straight from the list endpoint, a create form, delete. */
export function ResourceTable({ section }: { section: AdminSection }) {
  const { t } = useI18n();
  const [error, setError] = useState<unknown>(null);
  const [createdKey, setCreatedKey] = useState<string | null>(null);
  const rows = useAsync(
    async (signal) =>
      listItems<Record<string, unknown>>(
        await apiFetch(section.path, { signal }),
        section.listName,
      ),
    [section.path],
  );

  const remove = async (id: string) => {
    setError(null);
    try {
      await apiFetch(`${section.path}/${encodeURIComponent(id)}`, { method: 'DELETE' });
      rows.reload();
    } catch (caught) {
      setError(caught);
    }
  };

  const created = (answer: unknown) => {
    // A new ground-link key comes back once, in the answer; it is never shown again.
    const key = (answer as { key?: unknown } | null)?.key;
    setCreatedKey(typeof key === 'string' ? key : null);
    rows.reload();
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
                <th key={column}>{column}</th>
              ))}
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.value.map((row, index) => (
              <tr key={String(row.id ?? index)}>
                {section.columns.map((column) => (
                  <td key={column}>{cell(row[column])}</td>
                ))}
                <td>
                  {section.deleteLabel && typeof row.id === 'string' && !row.revokedAt && (
                    <button type="button" onClick={() => void remove(row.id as string)}>
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
