import { ApiError } from '../api/apiError';
import { useI18n } from '../i18n/I18nProvider';

/** Shows an error as the sentence the server (or the network layer) wrote, never a blank page. */
export function ErrorMessage({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  // The server's sentence is shown as it wrote it; only the client's own ones are translated.
  const sentence =
    error instanceof ApiError && error.code === 'network'
      ? t('error.network')
      : error instanceof ApiError && error.code === 'http_error'
        ? t('error.httpStatus', { status: error.status })
        : error instanceof Error
          ? error.message
          : String(error);
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
