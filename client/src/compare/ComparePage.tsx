import { useMemo, useState } from 'react';
import { ErrorMessage } from '../components/ErrorMessage';
import { formatRangeTime } from '../format/formatTime';
import { useI18n } from '../i18n/I18nProvider';
import { ChannelPicker } from '../review/ChannelPicker';
import { Link } from '../router/Link';
import { alignmentUs, modesChangedTo, type Alignment } from './alignment';
import { COMPARE_MAX_FLIGHTS, whyNotComparable } from './comparable';
import { CompareMap } from './CompareMap';
import { ComparePlot, type PlottedFlight } from './ComparePlot';
import { CompareSummary } from './CompareSummary';
import { flightColour } from './flightColours';
import { useCompareData, type CompareData } from './useCompareData';

const DEFAULT_CHANNELS = ['altRelM'];

/** 2–4 flights of one vehicle or one plan: tracks on one map, channels overlaid, differences. */
export function ComparePage({ flightIds }: { flightIds: readonly string[] }) {
  const { t } = useI18n();
  // More than four are not fetched at all: the refusal below says why.
  const data = useCompareData(flightIds.length <= COMPARE_MAX_FLIGHTS ? flightIds : []);
  return (
    <main className="compare-page" data-testid="compare-page">
      <header className="review-header">
        <h1>{t('compare.title')}</h1>
        <Link href="/flights">{t('compare.back')}</Link>
      </header>
      {data.status === 'loading' && <p className="muted">{t('common.loading')}</p>}
      {data.status === 'failed' && <ErrorMessage error={data.error} onRetry={data.reload} />}
      {data.status === 'done' && <LoadedCompare data={data.value} />}
    </main>
  );
}

function LoadedCompare({ data }: { data: CompareData }) {
  const { t, locale } = useI18n();
  const [alignment, setAlignment] = useState<Alignment>({ kind: 'takeoff' });
  const [channels, setChannels] = useState<string[]>(DEFAULT_CHANNELS);
  const modes = useMemo(() => modesChangedTo(data.flights.map((f) => f.events)), [data]);
  const timeZone = data.range?.timeZone ?? 'UTC';

  const refusal = whyNotComparable(data.flights.map((f) => f.flight));
  if (refusal)
    return (
      <p className="error-message" role="alert">
        {t(refusal)}
      </p>
    );

  const labels = data.flights.map(
    ({ flight }) =>
      `${flight.vehicleName || `SYS ${flight.sysId}`} · ${formatRangeTime(Date.parse(flight.startedAt), timeZone, locale)}`,
  );
  const missing: string[] = [];
  const plotted: PlottedFlight[] = data.flights.map((one, index) => {
    const zeroUs = alignmentUs(alignment, one.events, one.takeoffUs);
    if (zeroUs === null) missing.push(labels[index]!);
    return { flightId: one.flight.id, label: labels[index]!, zeroUs: zeroUs ?? one.takeoffUs };
  });
  const alignValue = alignment.kind === 'mode' ? `mode:${alignment.mode}` : alignment.kind;

  return (
    <>
      <ul className="compare-legend">
        {data.flights.map(({ flight }, index) => (
          <li key={flight.id} data-testid="compared-flight">
            <span className="swatch" style={{ background: flightColour(index) }} />
            <Link href={`/flights/${encodeURIComponent(flight.id)}`}>{labels[index]}</Link>
          </li>
        ))}
      </ul>
      <CompareMap flights={data.flights} range={data.range} />
      <div className="compare-controls">
        <label>
          <span className="field-label">{t('compare.alignAt')}</span>
          <select
            value={alignValue}
            data-testid="compare-align"
            onChange={(event) => {
              const value = event.target.value;
              setAlignment(
                value.startsWith('mode:')
                  ? { kind: 'mode', mode: value.slice('mode:'.length) }
                  : value === 'breach'
                    ? { kind: 'breach' }
                    : { kind: 'takeoff' },
              );
            }}
          >
            <option value="takeoff">{t('compare.alignTakeoff')}</option>
            <option value="breach">{t('compare.alignBreach')}</option>
            {modes.map((mode) => (
              <option key={mode} value={`mode:${mode}`}>
                {t('compare.alignMode')}: {mode}
              </option>
            ))}
          </select>
        </label>
        <ChannelPicker
          shown={channels}
          onAdd={(channel) => setChannels((previous) => [...previous, channel])}
        />
      </div>
      {missing.map((label) => (
        <p key={label} className="muted" role="status">
          {t('compare.notAligned', { flight: label })}
        </p>
      ))}
      {channels.map((channel) => (
        <div key={channel} className="compare-plot-wrap">
          <button
            type="button"
            className="remove-plot"
            onClick={() => setChannels((previous) => previous.filter((c) => c !== channel))}
          >
            {t('review.removePlot')}
          </button>
          <ComparePlot flights={plotted} channel={channel} />
        </div>
      ))}
      <CompareSummary
        flights={data.flights.map((f) => f.flight)}
        labels={labels}
        evaluations={data.flights.map((f) => f.evaluation)}
      />
    </>
  );
}
