import { useState, type FormEvent } from 'react';
import { apiFetch } from '../api/apiFetch';
import { useI18n } from '../i18n/I18nProvider';
import { useSession } from '../session/SessionProvider';
import { ErrorMessage } from './ErrorMessage';
import { TextField } from './TextField';

/** Who is signed in, and a form to change one's own password. */
export function AccountPage() {
  const { t } = useI18n();
  const { state } = useSession();
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [repeated, setRepeated] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const me = state.status === 'signed-in' ? state.me : null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    if (newPassword !== repeated) {
      setError(new Error(t('account.mismatch')));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await apiFetch('/api/me/password', {
        method: 'POST',
        body: { currentPassword, newPassword },
      });
      setCurrentPassword('');
      setNewPassword('');
      setRepeated('');
      setDone(true);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="account-page">
      <h1>{t('account.title')}</h1>
      {me && (
        <p>
          {me.name} · {me.email} · {me.role}
        </p>
      )}
      <form className="login-form" onSubmit={(event) => void submit(event)}>
        <h2>{t('account.changePassword')}</h2>
        <TextField
          label={t('account.currentPassword')}
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          value={currentPassword}
          onChange={setCurrentPassword}
        />
        <TextField
          label={t('account.newPassword')}
          name="newPassword"
          type="password"
          autoComplete="new-password"
          minLength={10}
          value={newPassword}
          onChange={setNewPassword}
        />
        <TextField
          label={t('account.repeatPassword')}
          name="repeatPassword"
          type="password"
          autoComplete="new-password"
          value={repeated}
          onChange={setRepeated}
        />
        <button type="submit" disabled={busy}>
          {t('account.changePassword')}
        </button>
        {done && <p role="status">{t('account.changed')}</p>}
        {error !== null && <ErrorMessage error={error} />}
      </form>
    </main>
  );
}
