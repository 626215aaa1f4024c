import { useState, type FormEvent } from 'react';
import { apiFetch } from '../api/apiFetch';
import { listItems } from '../api/listItems';
import { ErrorMessage } from '../components/ErrorMessage';
import { useAsync } from '../components/useAsync';
import { useI18n } from '../i18n/I18nProvider';
import type { AdminSection } from './adminSections';
import { formBody } from './formBody';

interface Named {
  id: string;
  name: string;
}

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
  const needs = new Set(section.fields.map((f) => f.optionsFrom).filter(Boolean));
  const references = useAsync(
    async (signal) => {
      const load = async (name: 'makers' | 'ranges') =>
        needs.has(name) ? listItems<Named>(await apiFetch(`/api/${name}`, { signal }), name) : [];
      return { makers: await load('makers'), ranges: await load('ranges') };
    },
    [section.id],
  );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const body = formBody(section.fields, values);
      const answer = submitOverride
        ? await submitOverride(body)
        : await apiFetch(section.path, { method: 'POST', body });
      setValues({});
      onCreated(answer);
    } catch (caught) {
      setError(caught);
    }
  };

  return (
    <form className="create-form" onSubmit={(event) => void submit(event)}>
      {section.fields.map((field) => (
        <label key={field.name}>
          {field.name}
          {field.type === 'select' ? (
            <select
              name={field.name}
              required={field.required}
              value={values[field.name] ?? ''}
              onChange={(event) => setValues({ ...values, [field.name]: event.target.value })}
            >
              <option value="">—</option>
              {(field.options ?? []).map((option) => (
                <option key={option} value={option}>
                  {option}
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
              required={field.required}
              value={values[field.name] ?? ''}
              onChange={(event) => setValues({ ...values, [field.name]: event.target.value })}
            />
          )}
        </label>
      ))}
      <button type="submit">{t('common.create')}</button>
      {error !== null && <ErrorMessage error={error} />}
    </form>
  );
}
