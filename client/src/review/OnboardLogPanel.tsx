import { apiFetch } from '../api/apiFetch';
import type { Flight } from '../api/types';
import { useAsync } from '../components/useAsync';
import { LogUploadControl } from '../flights/LogUploadControl';
import { useI18n } from '../i18n/I18nProvider';

interface OnboardLogEntry {
  sha256: string;
  format: string;
  bytes: number;
  role: 'imported' | 'merged';
  clock: { method: string; offsetUs: number; residual: number | null; residualUnit: string } | null;
  skippedBytes: number;
}

interface MergeAnswer {
  added: unknown[];
  clock: { method: string; offsetUs: number };
}

/**
 * Where the flight's data comes from: its channels (live telemetry, or the onboard log it was
 * imported from), the onboard logs behind it with their SHA-256 and clock alignment, and, for
 * engineers, "Add onboard log" to complete a live-recorded flight.
 */
export function OnboardLogPanel({
  flight,
  canMerge,
  canDownload,
  onMerged,
}: {
  flight: Flight;
  canMerge: boolean;
  canDownload: boolean;
  onMerged: () => void;
}) {
  const { t } = useI18n();
  const logs = useAsync(
    async (signal) =>
      (
        await apiFetch<{ onboardLogs: OnboardLogEntry[] }>(
          `/api/flights/${encodeURIComponent(flight.id)}/onboard-logs`,
          { signal },
        )
      ).onboardLogs,
    [flight.id],
  );
  const entries = logs.status === 'done' ? logs.value : [];
  const imported = entries.find((entry) => entry.role === 'imported');
  const short = (sha: string) => sha.slice(0, 12);
  return (
    <section className="onboard-logs" data-testid="onboard-logs">
      <h2>{t('sources.title')}</h2>
      <p data-testid="channel-source">
        {flight.source === 'import'
          ? t('sources.channelsFromLog', { sha: short(imported?.sha256 ?? '') })
          : t('sources.channelsFromTelemetry')}
      </p>
      <ul>
        {entries.map((entry) => (
          <li key={entry.sha256} data-testid="onboard-log-entry">
            <span>
              {entry.role === 'imported' ? t('sources.importedFrom') : t('sources.mergedLog')}{' '}
              <code title={entry.sha256}>{short(entry.sha256)}</code> ({entry.format},{' '}
              {(entry.bytes / 1e6).toFixed(1)} MB)
            </span>
            {entry.clock && (
              <span className="muted">
                {' '}
                {t('sources.clock', {
                  method: entry.clock.method,
                  offset: (entry.clock.offsetUs / 1e6).toFixed(3),
                  residual:
                    entry.clock.residual === null
                      ? '—'
                      : entry.clock.residualUnit === 'm'
                        ? `${entry.clock.residual} m`
                        : `${(entry.clock.residual / 1000).toFixed(1)} ms`,
                })}
              </span>
            )}
            {entry.skippedBytes > 0 && (
              <span className="muted"> {t('sources.skipped', { bytes: entry.skippedBytes })}</span>
            )}
            {canDownload && (
              <a
                className="button"
                href={`/api/flights/${encodeURIComponent(flight.id)}/onboard-logs/${entry.sha256}`}
                download
              >
                {t('sources.download')}
              </a>
            )}
          </li>
        ))}
      </ul>
      {canMerge && flight.source !== 'import' && flight.status !== 'live' && (
        <LogUploadControl<MergeAnswer>
          label={t('logUpload.addOnboardLog')}
          url={`/api/flights/${encodeURIComponent(flight.id)}/onboard-log`}
          testId="add-onboard-log"
          describe={(answer) =>
            t('logUpload.merged', {
              count: answer.added.length,
              method: answer.clock.method,
              offset: (answer.clock.offsetUs / 1e6).toFixed(3),
            })
          }
          onUploaded={() => {
            logs.reload();
            onMerged();
          }}
        />
      )}
    </section>
  );
}
