import { useState } from 'react';
import { SAMPLE_KINDS, SAMPLE_KIND_NAMES } from '../../../telemetry/model/sampleKinds';
import { useI18n } from '../i18n/I18nProvider';

/** Picks a telemetry channel to plot, grouped by the MAVLink message it comes from. */
export function ChannelPicker({
  shown,
  onAdd,
}: {
  shown: readonly string[];
  onAdd: (channel: string) => void;
}) {
  const { t } = useI18n();
  const [choice, setChoice] = useState('');
  return (
    <div className="channel-picker">
      <select
        value={choice}
        onChange={(event) => setChoice(event.target.value)}
        aria-label={t('review.channels')}
        data-testid="channel-select"
      >
        <option value="">{t('review.channels')}…</option>
        {SAMPLE_KIND_NAMES.map((kind) => (
          <optgroup key={kind} label={kind}>
            {SAMPLE_KINDS[kind].map((channel) => (
              <option key={channel} value={channel} disabled={shown.includes(channel)}>
                {channel}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      <button
        type="button"
        disabled={!choice || shown.includes(choice)}
        onClick={() => {
          onAdd(choice);
          setChoice('');
        }}
        data-testid="add-plot"
      >
        {t('review.addPlot')}
      </button>
    </div>
  );
}
