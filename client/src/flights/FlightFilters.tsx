import type { FlightFilter } from '../api/flights';
import { useI18n } from '../i18n/I18nProvider';

export function FlightFilters({
  filter,
  onChange,
}: {
  filter: FlightFilter;
  onChange: (filter: FlightFilter) => void;
}) {
  const { t } = useI18n();
  const set = (field: keyof FlightFilter) => (event: { target: { value: string } }) =>
    onChange({ ...filter, [field]: event.target.value });
  return (
    <div className="flight-filters">
      <input
        type="search"
        placeholder={t('flights.search')}
        aria-label={t('flights.search')}
        value={filter.q}
        onChange={set('q')}
        data-testid="flight-search"
      />
      <label>
        {t('flights.verdict')}
        <select value={filter.verdict} onChange={set('verdict')}>
          <option value="">{t('flights.any')}</option>
          <option value="pass">{t('verdict.pass')}</option>
          <option value="fail">{t('verdict.fail')}</option>
          <option value="incomplete">{t('verdict.incomplete')}</option>
          <option value="none">{t('verdict.none')}</option>
        </select>
      </label>
      <label>
        {t('flights.status')}
        <select value={filter.status} onChange={set('status')}>
          <option value="">{t('flights.any')}</option>
          <option value="live">{t('status.live')}</option>
          <option value="landed">{t('status.landed')}</option>
          <option value="evaluated">{t('status.evaluated')}</option>
        </select>
      </label>
      <label>
        {t('flights.from')}
        <input type="date" value={filter.from} onChange={set('from')} />
      </label>
      <label>
        {t('flights.to')}
        <input type="date" value={filter.to} onChange={set('to')} />
      </label>
    </div>
  );
}
