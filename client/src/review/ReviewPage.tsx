import { useCallback, useEffect, useMemo, useState } from 'react';
import { ErrorMessage } from '../components/ErrorMessage';
import { formatRangeTime, formatUtc } from '../format/formatTime';
import { VerdictBadge } from '../flights/VerdictBadge';
import { useI18n } from '../i18n/I18nProvider';
import { useMe } from '../session/SessionProvider';
import { fetchEvaluations } from '../api/evaluations';
import { useAsync } from '../components/useAsync';
import { DownloadButtons } from './DownloadButtons';
import { EvaluationPanel } from './EvaluationPanel';
import { EventTimeline } from './EventTimeline';
import { OnboardLogPanel } from './OnboardLogPanel';
import { PlotPanel } from './PlotPanel';
import { ReplayClock } from './ReplayClock';
import { ReplayControls } from './ReplayControls';
import { ReplayMap, type TrackSeries } from './ReplayMap';
import { SummaryStats } from './SummaryStats';
import { useReviewData, type ReviewData } from './useReviewData';

/** Engineers' (and makers') review of one stored flight. */
export function ReviewPage({ flightId }: { flightId: string }) {
  const { t } = useI18n();
  const data = useReviewData(flightId);
  if (data.status === 'loading') return <p className="page-message">{t('common.loading')}</p>;
  if (data.status === 'failed') {
    return (
      <main className="review-page">
        <ErrorMessage error={data.error} onRetry={data.reload} />
      </main>
    );
  }
  return <LoadedReview data={data.value} reload={data.reload} />;
}

function timeBounds(data: ReviewData): { startUs: number; endUs: number } {
  const times = data.track.latDeg?.tUs ?? [];
  const startUs = times[0] ?? Date.parse(data.flight.startedAt) * 1000;
  const endFromFlight = data.flight.endedAt ? Date.parse(data.flight.endedAt) * 1000 : startUs;
  const endUs = Math.max(times[times.length - 1] ?? startUs, endFromFlight, startUs + 1);
  return { startUs, endUs };
}

function LoadedReview({ data, reload }: { data: ReviewData; reload: () => void }) {
  const { t, locale } = useI18n();
  const me = useMe();
  const { flight, range, events, track } = data;
  const clock = useMemo(() => {
    const { startUs, endUs } = timeBounds(data);
    return new ReplayClock(startUs, endUs);
  }, [data]);
  useEffect(() => () => clock.dispose(), [clock]);
  const [plotsReady, setPlotsReady] = useState(false);
  const markReady = useCallback(() => setPlotsReady(true), []);
  useEffect(() => {
    if (plotsReady) performance.mark('sortie:review-interactive');
  }, [plotsReady]);

  // The range's zone; without one (no range, or not readable) times show in UTC.
  const timeZone = range?.timeZone ?? 'UTC';
  const trackSeries = useMemo<TrackSeries | null>(
    () =>
      track.latDeg && track.lonDeg
        ? { lat: track.latDeg, lon: track.lonDeg, heading: track.headingDeg ?? null }
        : null,
    [track],
  );
  const startedMs = Date.parse(flight.startedAt);
  const canDownload = me.permissions.has('flights:download');
  const evaluations = useAsync((signal) => fetchEvaluations(flight.id, signal), [flight.id]);
  const latestEvaluation = evaluations.status === 'done' ? (evaluations.value[0] ?? null) : null;

  return (
    <main className="review-page" data-testid="review-page" data-ready={plotsReady}>
      <header className="review-header">
        <h1>
          {flight.vehicleName || `SYS ${flight.sysId}`}{' '}
          <small>
            {flight.makerName} ·{' '}
            <time title={formatUtc(startedMs)}>{formatRangeTime(startedMs, timeZone, locale)}</time>
          </small>
        </h1>
        <span>{t(`status.${flight.status}`)}</span>
        <VerdictBadge verdict={latestEvaluation?.overallVerdict ?? flight.verdict} />
      </header>
      <ReplayControls clock={clock} timeZone={timeZone} />
      <div className="review-layout">
        <div className="review-main">
          {trackSeries && (
            <ReplayMap
              track={trackSeries}
              clock={clock}
              range={range}
              label={flight.vehicleName || `SYS ${flight.sysId}`}
            />
          )}
          <PlotPanel flightId={flight.id} clock={clock} timeZone={timeZone} onReady={markReady} />
          {evaluations.status === 'failed' && (
            <ErrorMessage error={evaluations.error} onRetry={evaluations.reload} />
          )}
          <EvaluationPanel
            flightId={flight.id}
            latest={latestEvaluation}
            clock={clock}
            canEvaluate={me.permissions.has('flights:evaluate')}
            onEvaluated={evaluations.reload}
          />
        </div>
        <aside className="review-side">
          <SummaryStats flight={flight} />
          {canDownload && (
            <DownloadButtons
              flightId={flight.id}
              evaluationId={latestEvaluation?.id ?? null}
              hasRawTlog={flight.source !== 'import'}
            />
          )}
          <OnboardLogPanel
            flight={flight}
            canMerge={me.permissions.has('flights:evaluate')}
            canDownload={canDownload}
            onMerged={reload}
          />
          {data.eventsError !== null && <ErrorMessage error={data.eventsError} />}
          <EventTimeline events={events} clock={clock} timeZone={timeZone} />
        </aside>
      </div>
    </main>
  );
}
