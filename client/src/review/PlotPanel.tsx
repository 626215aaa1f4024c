import { useEffect, useState } from 'react';
import { fetchSeries, type SeriesByChannel } from '../api/series';
import { ErrorMessage } from '../components/ErrorMessage';
import { useI18n } from '../i18n/I18nProvider';
import { ChannelPicker } from './ChannelPicker';
import { ChannelPlot } from './ChannelPlot';
import type { ReplayClock } from './ReplayClock';

/** Samples asked per channel: about two per pixel of a wide screen. */
const PLOT_MAX_POINTS = 3000;
export const DEFAULT_PLOT_CHANNELS = ['altRelM', 'groundSpeedMps'];

/** The plots the user picked, all following the replay clock. */
export function PlotPanel({
  flightId,
  clock,
  timeZone,
  onReady,
}: {
  flightId: string;
  clock: ReplayClock;
  timeZone: string;
  onReady?: () => void;
}) {
  const { t } = useI18n();
  const [channels, setChannels] = useState<string[]>(DEFAULT_PLOT_CHANNELS);
  const [series, setSeries] = useState<SeriesByChannel>({});
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    const missing = channels.filter((channel) => !(channel in series));
    if (missing.length === 0) {
      onReady?.();
      return;
    }
    const controller = new AbortController();
    fetchSeries(flightId, missing, PLOT_MAX_POINTS, controller.signal)
      .then((loaded) => {
        const empty = Object.fromEntries(
          missing.filter((c) => !(c in loaded)).map((c) => [c, { tUs: [], values: [] }]),
        );
        setSeries((previous) => ({ ...previous, ...empty, ...loaded }));
      })
      .catch((caught: unknown) => {
        if (!controller.signal.aborted) setError(caught);
      });
    return () => controller.abort();
  }, [channels, series, flightId, onReady]);

  return (
    <section className="plot-panel" data-testid="plot-panel">
      <ChannelPicker shown={channels} onAdd={(c) => setChannels((previous) => [...previous, c])} />
      {error !== null && <ErrorMessage error={error} />}
      {channels.map((channel) => {
        const channelSeries = series[channel];
        if (!channelSeries)
          return (
            <p key={channel} className="muted">
              {channel}…
            </p>
          );
        return (
          <ChannelPlot
            key={channel}
            channel={channel}
            series={channelSeries}
            clock={clock}
            timeZone={timeZone}
            removeLabel={t('review.removePlot')}
            onRemove={() => setChannels((previous) => previous.filter((c) => c !== channel))}
          />
        );
      })}
    </section>
  );
}
