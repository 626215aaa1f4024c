import { useI18n } from '../i18n/I18nProvider';

/** Shows an error as the sentence the server (or the network layer) wrote, never a blank page. */
export function ErrorMessage({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  const sentence = error instanceof Error ? error.message : String(error);
  return (
    <div className="error-message" role="alert">
      <span>{sentence}</span>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}
