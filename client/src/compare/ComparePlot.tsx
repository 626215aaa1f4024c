import { useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import { fetchSeries, type ChannelSeries } from '../api/series';
import { ErrorMessage } from '../components/ErrorMessage';
import { downsampleMinMax } from '../display/downsampleMinMax';
import { unitOfChannel } from '../format/formatQuantity';
import { useI18n } from '../i18n/I18nProvider';
import { flightColour } from './flightColours';

/** Samples asked per flight: the plot is one screen wide whatever the number of flights. */
const PLOT_MAX_POINTS = 2000;
const PLOT_HEIGHT_PX = 260;
/** Canvas text does not follow CSS: the axis labels name the app's font (it has Hangul). */
const AXIS_FONT = "12px 'Pretendard Variable', system-ui, sans-serif";
const AXIS_LABEL_FONT = "bold 12px 'Pretendard Variable', system-ui, sans-serif";

export interface PlottedFlight {
  flightId: string;
  label: string;
  /** The chosen moment of this flight [µs]: it becomes 0 s on the x axis. */
  zeroUs: number;
}

/** One channel of every compared flight overlaid, against seconds from each one's chosen moment. */
export function ComparePlot({
  flights,
  channel,
}: {
  flights: readonly PlottedFlight[];
  channel: string;
}) {
  const { t } = useI18n();
  const containerRef = useRef<HTMLDivElement>(null);
  const [series, setSeries] = useState<(ChannelSeries | null)[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const ids = flights.map((f) => f.flightId).join(',');

  useEffect(() => {
    const controller = new AbortController();
    setSeries(null);
    setError(null);
    Promise.all(
      ids
        .split(',')
        .map((id) =>
          fetchSeries(id, [channel], PLOT_MAX_POINTS, controller.signal).then(
            (loaded) => loaded[channel] ?? null,
          ),
        ),
    )
      .then(setSeries)
      .catch((caught: unknown) => {
        if (!controller.signal.aborted) setError(caught);
      });
    return () => controller.abort();
  }, [ids, channel]);

  const axisLabel = t('compare.secondsAfter');
  useEffect(() => {
    const container = containerRef.current;
    if (!container || !series) return;
    const width = Math.max(300, container.clientWidth);
    const tables: uPlot.AlignedData[] = series.map((one, index) => {
      if (!one || one.tUs.length === 0) return [[], []];
      const zeroUs = flights[index]!.zeroUs;
      const shown = downsampleMinMax(
        one.tUs.map((tUs) => (tUs - zeroUs) / 1e6),
        one.values,
        width,
      );
      return [shown.times, shown.values as (number | null)[]] as uPlot.AlignedData;
    });
    const unit = unitOfChannel(channel);
    const plot = new uPlot(
      {
        width,
        height: PLOT_HEIGHT_PX,
        scales: { x: { time: false } },
        series: [
          { label: axisLabel },
          ...flights.map((flight, index) => ({
            label: flight.label,
            stroke: flightColour(index),
            width: 1.5,
            spanGaps: true,
          })),
        ],
        axes: [
          { label: axisLabel, font: AXIS_FONT, labelFont: AXIS_LABEL_FONT },
          {
            label: `${channel}${unit ? ` [${unit}]` : ''}`,
            size: 60,
            font: AXIS_FONT,
            labelFont: AXIS_LABEL_FONT,
          },
        ],
        cursor: { drag: { x: true, y: false } },
        legend: { show: true },
      },
      uPlot.join(tables),
      container,
    );
    const resize = new ResizeObserver(() =>
      plot.setSize({ width: Math.max(300, container.clientWidth), height: PLOT_HEIGHT_PX }),
    );
    resize.observe(container);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [series, flights, channel, axisLabel]);

  return (
    <figure
      className="channel-plot compare-plot"
      data-testid="compare-plot"
      data-channel={channel}
      data-ready={series !== null}
    >
      {error !== null && <ErrorMessage error={error} />}
      {series === null && error === null && <p className="muted">{t('common.loading')}</p>}
      <div ref={containerRef} />
    </figure>
  );
}
