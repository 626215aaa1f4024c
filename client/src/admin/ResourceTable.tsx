import { apiFetch } from '../api/apiFetch';
import { listItems } from '../api/listItems';
import { ErrorMessage } from '../components/ErrorMessage';
import { useAsync } from '../components/useAsync';
import { useI18n } from '../i18n/I18nProvider';
import type { AdminSection } from './adminSections';

function cell(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** One admin collection as a table, straight from its list endpoint. */
export function ResourceTable({ section }: { section: AdminSection }) {
  const { t } = useI18n();
  const rows = useAsync(
    async (signal) =>
      listItems<Record<string, unknown>>(
        await apiFetch(section.path, { signal }),
        section.listName,
      ),
    [section.path],
  );
  if (rows.status === 'loading') return <p className="muted">{t('common.loading')}</p>;
  if (rows.status === 'failed') return <ErrorMessage error={rows.error} onRetry={rows.reload} />;
  return (
    <table className="resource-table" data-testid={`admin-${section.id}`}>
      <thead>
        <tr>
          {section.columns.map((column) => (
            <th key={column}>{column}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.value.map((row, index) => (
          <tr key={String(row.id ?? index)}>
            {section.columns.map((column) => (
              <td key={column}>{cell(row[column])}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
