import { useSyncExternalStore } from 'react';
import { formatDuration, formatRangeTime, formatUtc } from '../format/formatTime';
import { useI18n } from '../i18n/I18nProvider';
import type { ReplayClock } from './ReplayClock';

const SPEEDS = [0.5, 1, 2, 5, 10, 30];
/** The slider moves in 100 ms steps: fine enough to scrub, coarse enough for an hour. */
const SCRUB_STEP_US = 100_000;

export function ReplayControls({ clock, timeZone }: { clock: ReplayClock; timeZone: string }) {
  const { t, locale } = useI18n();
  useSyncExternalStore(clock.subscribe, clock.getSnapshot);
  const elapsedS = (clock.tUs - clock.startUs) / 1e6;
  const tMs = clock.tUs / 1000;
  return (
    <div className="replay-controls">
      <button
        type="button"
        data-testid="replay-play"
        onClick={() => (clock.playing ? clock.pause() : clock.play())}
      >
        {clock.playing ? t('review.pause') : t('review.play')}
      </button>
      <label>
        {t('review.speed')}
        <select
          value={clock.speed}
          onChange={(event) => clock.setSpeed(Number(event.target.value))}
          data-testid="replay-speed"
        >
          {SPEEDS.map((speed) => (
            <option key={speed} value={speed}>
              {speed}×
            </option>
          ))}
        </select>
      </label>
      <input
        type="range"
        aria-label={t('review.scrub')}
        data-testid="replay-scrub"
        min={0}
        max={Math.max(1, Math.round((clock.endUs - clock.startUs) / SCRUB_STEP_US))}
        value={Math.round((clock.tUs - clock.startUs) / SCRUB_STEP_US)}
        onChange={(event) => clock.seek(clock.startUs + Number(event.target.value) * SCRUB_STEP_US)}
      />
      <span className="replay-time" data-testid="replay-time" data-t-us={Math.round(clock.tUs)}>
        {formatDuration(elapsedS)} ·{' '}
        <time title={formatUtc(tMs)}>{formatRangeTime(tMs, timeZone, locale, true)}</time>
      </span>
    </div>
  );
}
