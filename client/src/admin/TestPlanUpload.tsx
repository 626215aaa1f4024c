import { useState, type ChangeEvent } from 'react';
import { apiFetch } from '../api/apiFetch';
import { ErrorMessage } from '../components/ErrorMessage';
import { useI18n } from '../i18n/I18nProvider';

/** Adds a test plan from its JSON file; the server checks it and names the item at fault. */
export function TestPlanUpload({ onCreated }: { onCreated: () => void }) {
  const { t } = useI18n();
  const [error, setError] = useState<unknown>(null);
  const upload = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setError(null);
    try {
      const plan: unknown = JSON.parse(await file.text());
      await apiFetch('/api/test-plans', { method: 'POST', body: plan });
      onCreated();
    } catch (caught) {
      setError(caught);
    }
  };
  return (
    <div className="create-form">
      <label className="button">
        {t('admin.uploadPlan')}
        <input type="file" accept=".json" hidden onChange={(event) => void upload(event)} />
      </label>
      {error !== null && <ErrorMessage error={error} />}
    </div>
  );
}
