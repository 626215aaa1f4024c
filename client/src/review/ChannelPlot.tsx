import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import type { ChannelSeries } from '../api/series';
import { downsampleMinMax } from '../display/downsampleMinMax';
import { unitOfChannel } from '../format/formatQuantity';
import type { ReplayClock } from './ReplayClock';

const PLOT_HEIGHT_PX = 160;

/**
 * One channel against time with uPlot. The replay's time is a vertical line that follows the
 * clock; a click on the plot moves the replay there.
 */
export function ChannelPlot({
  channel,
  series,
  clock,
  timeZone,
  onRemove,
  removeLabel,
}: {
  channel: string;
  series: ChannelSeries;
  clock: ReplayClock;
  /** The x axis reads in the range's time zone, like every other time on the page. */
  timeZone: string;
  onRemove: () => void;
  removeLabel: string;
}) {
  const containerRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const width = Math.max(300, container.clientWidth);
    // Seconds on the x axis; uPlot formats them as times.
    const shown = downsampleMinMax(
      series.tUs.map((tUs) => tUs / 1e6),
      series.values,
      width,
    );
    const unit = unitOfChannel(channel);
    let cursorLine: HTMLDivElement | null = null;
    const plot = new uPlot(
      {
        width,
        height: PLOT_HEIGHT_PX,
        tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), timeZone),
        series: [
          {},
          { label: `${channel}${unit ? ` [${unit}]` : ''}`, stroke: '#1565c0', width: 1.5 },
        ],
        axes: [{}, { label: unit, size: 50 }],
        cursor: { drag: { x: false, y: false } },
        legend: { show: true },
        hooks: {
          ready: [
            (self) => {
              cursorLine = document.createElement('div');
              cursorLine.className = 'replay-cursor';
              self.over.appendChild(cursorLine);
              self.over.addEventListener('click', () => {
                const left = self.cursor.left;
                if (left === undefined || left < 0) return;
                clock.seek(self.posToVal(left, 'x') * 1e6);
              });
            },
          ],
        },
      },
      [shown.times, shown.values as number[]],
      container,
    );
    const follow = () => {
      if (!cursorLine) return;
      const left = plot.valToPos(clock.tUs / 1e6, 'x');
      cursorLine.style.transform = `translateX(${left}px)`;
    };
    follow();
    const unsubscribe = clock.subscribe(follow);
    const resize = new ResizeObserver(() => {
      plot.setSize({ width: Math.max(300, container.clientWidth), height: PLOT_HEIGHT_PX });
      follow();
    });
    resize.observe(container);
    return () => {
      unsubscribe();
      resize.disconnect();
      plot.destroy();
    };
  }, [channel, series, clock, timeZone]);

  return (
    <figure className="channel-plot" data-testid="channel-plot" data-channel={channel}>
      <button type="button" className="remove-plot" onClick={onRemove}>
        {removeLabel}
      </button>
      <div ref={containerRef} />
    </figure>
  );
}
