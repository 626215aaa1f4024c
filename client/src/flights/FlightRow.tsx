import type { Flight } from '../api/types';
import { formatDuration, formatRangeTime, formatUtc } from '../format/formatTime';
import { useI18n } from '../i18n/I18nProvider';
import { Link } from '../router/Link';
import { VerdictBadge } from './VerdictBadge';

export function FlightRow({
  flight,
  timeZone,
  selected,
  onSelect,
}: {
  flight: Flight;
  timeZone: string;
  /** Picked for the comparison. */
  selected: boolean;
  onSelect: (selected: boolean) => void;
}) {
  const { t, locale } = useI18n();
  const startedMs = Date.parse(flight.startedAt);
  const href = `/flights/${encodeURIComponent(flight.id)}`;
  return (
    <tr data-testid="flight-row" data-flight-id={flight.id} className={selected ? 'selected' : ''}>
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
      <td className="select-cell">
        <input
          type="checkbox"
          aria-label={t('flights.select')}
          checked={selected}
          onChange={(event) => onSelect(event.target.checked)}
          data-testid="flight-select"
        />
      </td>
    </tr>
  );
}
