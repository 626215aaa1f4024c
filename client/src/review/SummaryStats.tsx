import type { Flight } from '../api/types';
import { formatDuration } from '../format/formatTime';
import { formatDistance, formatQuantity } from '../format/formatQuantity';
import { useI18n } from '../i18n/I18nProvider';

export function SummaryStats({ flight }: { flight: Flight }) {
  const { t } = useI18n();
  const summary = flight.summary;
  return (
    <section className="summary-stats" data-testid="summary-stats">
      <h2>{t('review.summary')}</h2>
      <dl>
        <dt>{t('review.duration')}</dt>
        <dd>{formatDuration(summary?.durationS ?? 0)}</dd>
        <dt>{t('review.distance')}</dt>
        <dd>{formatDistance(summary?.distanceM)}</dd>
        <dt>{t('review.maxAltitude')}</dt>
        <dd>{formatQuantity(summary?.maxAltRelM, 'm')}</dd>
        <dt>{t('review.maxSpeed')}</dt>
        <dd>{formatQuantity(summary?.maxGroundSpeedMps, 'm/s')}</dd>
        <dt>{t('review.linkLoss')}</dt>
        <dd>{formatQuantity(summary?.linkLossPct, '%')}</dd>
      </dl>
    </section>
  );
}
