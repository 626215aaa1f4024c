import { useI18n } from '../i18n/I18nProvider';
import type { MessageKey } from '../i18n/en';

/** Report files of an evaluation, as the server names them under /api/evaluations/:id/. */
const EVALUATION_FILES: { key: MessageKey; file: string }[] = [
  { key: 'review.pdfKo', file: 'report.pdf?lang=ko' },
  { key: 'review.pdfEn', file: 'report.pdf?lang=en' },
  { key: 'review.csv', file: 'report.csv' },
  { key: 'review.verdictsCsv', file: 'verdicts.csv' },
  { key: 'review.geojson', file: 'track.geojson' },
  { key: 'review.kml', file: 'track.kml' },
];

/**
 * Downloads as plain links: the browser streams each file with the session cookie. Reports
 * exist once the flight has an evaluation; the raw .tlog does for every flight recorded live.
 */
export function DownloadButtons({
  flightId,
  evaluationId,
  hasRawTlog = true,
}: {
  flightId: string;
  evaluationId: string | null;
  /** False for a flight imported from an onboard log: its file is under "Data sources". */
  hasRawTlog?: boolean;
}) {
  const { t } = useI18n();
  const evaluationBase = evaluationId
    ? `/api/evaluations/${encodeURIComponent(evaluationId)}`
    : null;
  return (
    <section className="downloads" data-testid="downloads">
      <h2>{t('review.downloads')}</h2>
      {evaluationBase &&
        EVALUATION_FILES.map(({ key, file }) => (
          <a
            key={key}
            className="button"
            href={`${evaluationBase}/${file}`}
            download
            data-testid={`download-${key.replace('review.', '')}`}
          >
            {t(key)}
          </a>
        ))}
      {hasRawTlog && (
        <a
          className="button"
          href={`/api/flights/${encodeURIComponent(flightId)}/raw.tlog`}
          download
          data-testid="download-tlog"
        >
          {t('review.tlog')}
        </a>
      )}
    </section>
  );
}
