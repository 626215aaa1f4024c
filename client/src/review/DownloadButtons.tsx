import { useI18n } from '../i18n/I18nProvider';
import type { MessageKey } from '../i18n/en';

/**
 * Downloads as plain links: the browser streams the file with the session cookie, nothing is
 * held in memory here. Each entry is shown only once the server offers that format.
 */
export function DownloadButtons({
  flightId,
  downloads,
}: {
  flightId: string;
  downloads: readonly { key: MessageKey; path: string }[];
}) {
  const { t } = useI18n();
  const base = `/api/flights/${encodeURIComponent(flightId)}`;
  return (
    <section className="downloads" data-testid="downloads">
      <h2>{t('review.downloads')}</h2>
      {downloads.map(({ key, path }) => (
        <a
          key={key}
          className="button"
          href={`${base}/${path}`}
          download
          data-testid={`download-${key}`}
        >
          {t(key)}
        </a>
      ))}
    </section>
  );
}
