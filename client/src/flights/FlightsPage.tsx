import { useEffect, useState } from 'react';
import { EMPTY_FILTER, fetchFlightPage, type FlightFilter } from '../api/flights';
import { fetchRanges } from '../api/resources';
import { useAsync } from '../components/useAsync';
import type { Flight } from '../api/types';
import { ErrorMessage } from '../components/ErrorMessage';
import { useI18n } from '../i18n/I18nProvider';
import { FlightFilters } from './FlightFilters';
import { FlightRow } from './FlightRow';
import { CompareBar } from './CompareBar';
import { ImportLogPanel } from './ImportLogPanel';
import { useMe } from '../session/SessionProvider';

/** Typing in the search waits this long before asking the server. */
const SEARCH_DEBOUNCE_MS = 250;
/** The first page is asked again this often, so new flights, landings and verdicts show up. */
const REFRESH_INTERVAL_MS = 15_000;

/** The flight list: search, filters, and cursor pagination ("load more"). */
export function FlightsPage() {
  const { t } = useI18n();
  const me = useMe();
  const [filter, setFilter] = useState<FlightFilter>(EMPTY_FILTER);
  const [flights, setFlights] = useState<Flight[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  /** Flights picked for comparison, kept across filters and refreshes. */
  const [selected, setSelected] = useState<ReadonlyMap<string, Flight>>(new Map());
  const [attempt, setAttempt] = useState(0);
  /** Pages added with "load more": refreshing would throw them away, so it stops meanwhile. */
  const [extraPages, setExtraPages] = useState(0);
  // Each flight's times show in its range's time zone; a user who may not list ranges gets UTC.
  const ranges = useAsync((signal) => fetchRanges(signal).catch(() => []), []);
  const timeZoneOf = (rangeId: string | null) =>
    (ranges.status === 'done' ? ranges.value : []).find((r) => r.id === rangeId)?.timeZone ?? 'UTC';

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    const timer = setTimeout(() => {
      fetchFlightPage(filter, null, controller.signal)
        .then((page) => {
          setFlights(page.flights);
          setNextCursor(page.nextCursor);
          setError(null);
        })
        .catch((caught: unknown) => {
          if (!controller.signal.aborted) setError(caught);
        })
        .finally(() => {
          if (!controller.signal.aborted) setLoading(false);
        });
    }, SEARCH_DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [filter, attempt]);

  useEffect(() => {
    if (extraPages > 0) return;
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') setAttempt((n) => n + 1);
    }, REFRESH_INTERVAL_MS);
    return () => clearInterval(timer);
  }, [extraPages]);
  useEffect(() => setExtraPages(0), [filter]);

  const loadMore = async () => {
    if (!nextCursor) return;
    setLoading(true);
    try {
      const page = await fetchFlightPage(filter, nextCursor);
      setFlights((previous) => [...previous, ...page.flights]);
      setNextCursor(page.nextCursor);
      setExtraPages((n) => n + 1);
    } catch (caught) {
      setError(caught);
    } finally {
      setLoading(false);
    }
  };

  return (
    <main className="flights-page">
      <h1>{t('flights.title')}</h1>
      {me.permissions.has('flights:evaluate') && (
        <ImportLogPanel onImported={() => setAttempt((n) => n + 1)} />
      )}
      <FlightFilters filter={filter} onChange={setFilter} />
      <CompareBar selected={[...selected.values()]} onClear={() => setSelected(new Map())} />
      {error !== null && <ErrorMessage error={error} onRetry={() => setAttempt((n) => n + 1)} />}
      <table className="flights-table" data-testid="flights-table" data-loading={loading}>
        <thead>
          <tr>
            <th>{t('flights.vehicle')}</th>
            <th>{t('flights.maker')}</th>
            <th>{t('flights.date')}</th>
            <th>{t('flights.duration')}</th>
            <th>{t('flights.plan')}</th>
            <th>{t('flights.status')}</th>
            <th>{t('flights.verdict')}</th>
            <th title={t('flights.select')}>{t('flights.compare')}</th>
          </tr>
        </thead>
        <tbody>
          {flights.map((flight) => (
            <FlightRow
              key={flight.id}
              flight={flight}
              timeZone={timeZoneOf(flight.rangeId)}
              selected={selected.has(flight.id)}
              onSelect={(on) =>
                setSelected((previous) => {
                  const next = new Map(previous);
                  if (on) next.set(flight.id, flight);
                  else next.delete(flight.id);
                  return next;
                })
              }
            />
          ))}
        </tbody>
      </table>
      {!loading && flights.length === 0 && error === null && (
        <p className="muted" data-testid="flights-empty">
          {t('flights.empty')}
        </p>
      )}
      {loading && <p className="muted">{t('common.loading')}</p>}
      {nextCursor && !loading && (
        <button type="button" onClick={() => void loadMore()}>
          {t('flights.more')}
        </button>
      )}
    </main>
  );
}
