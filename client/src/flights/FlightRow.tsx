import type { Flight } from '../api/types';
import { formatDuration, formatRangeTime, formatUtc } from '../format/formatTime';
import { useI18n } from '../i18n/I18nProvider';
import { Link } from '../router/Link';
import { VerdictBadge } from './VerdictBadge';

export function FlightRow({ flight, timeZone }: { flight: Flight; timeZone: string }) {
  const { t, locale } = useI18n();
  const startedMs = Date.parse(flight.startedAt);
  const href = `/flights/${encodeURIComponent(flight.id)}`;
  return (
    <tr data-testid="flight-row" data-flight-id={flight.id}>
      <td>
        <Link href={href}>{flight.vehicleName || `SYS ${flight.sysId}`}</Link>
      </td>
      <td>{flight.makerName || t('common.none')}</td>
      <td>
        <time title={formatUtc(startedMs)}>{formatRangeTime(startedMs, timeZone, locale)}</time>
      </td>
      <td>{formatDuration(flight.summary?.durationS ?? 0)}</td>
      <td>{flight.testPlanName ?? (flight.testPlanId ? flight.testPlanId : t('common.none'))}</td>
      <td>{t(`status.${flight.status}`)}</td>
      <td>
        <VerdictBadge verdict={flight.verdict} />
      </td>
    </tr>
  );
}
