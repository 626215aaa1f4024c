import { useState, type FormEvent } from 'react';
import { apiFetch } from '../api/apiFetch';
import { ErrorMessage } from '../components/ErrorMessage';
import { useI18n } from '../i18n/I18nProvider';
import type { MessageKey } from '../i18n/en';
import type { AdminField, AdminSection, ReferenceList } from './adminSections';
import { formBody } from './formBody';
import { Switch } from './Switch';
import { useReferences } from './useReferences';

/** The create form of an admin section; the server validates and its sentence is shown. */
export function CreateForm({
  section,
  onCreated,
  submitOverride,
}: {
  section: AdminSection;
  onCreated: (answer: unknown) => void;
  /** For bodies that are not flat (a range's origin): builds and sends the request itself. */
  submitOverride?: (body: Record<string, unknown>) => Promise<unknown>;
}) {
  const { t } = useI18n();
  const [values, setValues] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [created, setCreated] = useState(false);
  const needed = section.fields
    .map((f) => f.optionsFrom)
    .filter((name): name is ReferenceList => name !== undefined);
  const references = useReferences(needed, section.id);
  const set = (name: string, value: string) => {
    setCreated(false);
    setValues({ ...values, [name]: value });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const body = formBody(section.fields, values);
      const answer = submitOverride
        ? await submitOverride(body)
        : await apiFetch(section.path, { method: 'POST', body });
      setValues({});
      setCreated(true);
      onCreated(answer);
    } catch (caught) {
      setError(caught);
    }
  };

  const control = (field: AdminField) => {
    const value = values[field.name] ?? '';
    if (field.type === 'switch') {
      return (
        <Switch
          key={field.name}
          name={field.name}
          label={t(field.label)}
          checked={value === 'true'}
          onChange={(checked) => set(field.name, String(checked))}
        />
      );
    }
    const input =
      field.type === 'select' ? (
        <select
          name={field.name}
          required={field.required}
          value={value}
          onChange={(event) => set(field.name, event.target.value)}
        >
          <option value="">{field.required ? t('admin.choose') : t('admin.noneChoice')}</option>
          {(field.options ?? []).map((option) => (
            <option key={option} value={option}>
              {t(`${field.optionPrefix ?? ''}${option}` as MessageKey)}
            </option>
          ))}
          {field.optionsFrom &&
            references.status === 'done' &&
            references.value[field.optionsFrom].map((item) => (
              <option key={item.id} value={item.id}>
                {item.name}
              </option>
            ))}
        </select>
      ) : (
        <input
          name={field.name}
          type={field.type}
          step={field.step}
          required={field.required}
          value={value}
          onChange={(event) => set(field.name, event.target.value)}
        />
      );
    return (
      <label key={field.name}>
        <span className="field-label">
          {t(field.label)}
          {field.required && <span aria-hidden="true"> *</span>}
        </span>
        {input}
      </label>
    );
  };

  return (
    <form
      className="create-form"
      onSubmit={(event) => void submit(event)}
      data-testid={`create-${section.id}`}
    >
      <h2>{t('admin.newItem')}</h2>
      <div className="create-fields">{section.fields.map(control)}</div>
      <div className="create-actions">
        <button type="submit">{t('common.create')}</button>
        {created && (
          <span role="status" className="muted">
            {t('admin.created')}
          </span>
        )}
      </div>
      {references.status === 'failed' && (
        <ErrorMessage error={references.error} onRetry={references.reload} />
      )}
      {error !== null && <ErrorMessage error={error} />}
    </form>
  );
}
