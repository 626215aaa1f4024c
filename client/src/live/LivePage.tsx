import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { fetchRanges } from '../api/resources';
import { ErrorMessage } from '../components/ErrorMessage';
import { useAsync } from '../components/useAsync';
import { useI18n } from '../i18n/I18nProvider';
import { AlertBanner } from './AlertBanner';
import { ALARM_TYPES } from './alertKinds';
import { AlertList } from './AlertList';
import { playAlertSound, unlockAlertSound } from './alertSound';
import { LiveMap } from './LiveMap';
import { LiveStore } from './liveStore';
import { useLiveConnection } from './useLiveConnection';
import { VehicleCard } from './VehicleCard';

const SOUND_KEY = 'sortie.alertSound';

/** Operators' view: every vehicle on the map, a card each, alerts with sound. */
export function LivePage() {
  const { t } = useI18n();
  const store = useMemo(() => new LiveStore(), []);
  useEffect(() => () => store.dispose(), [store]);
  useSyncExternalStore(store.subscribe, store.getVersion);
  const { status, error } = useLiveConnection(store, {});
  const ranges = useAsync((signal) => fetchRanges(signal), []);
  const [soundOn, setSoundOn] = useState(() => window.localStorage.getItem(SOUND_KEY) === 'on');
  const [selected, setSelected] = useState<string | null>(null);
  const [nowMs, setNowMs] = useState(() => Date.now());

  useEffect(() => {
    const timer = setInterval(() => setNowMs(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);

  useEffect(
    () =>
      store.onAlert((alert) => {
        if (soundOn && ALARM_TYPES.has(alert.event.type)) {
          playAlertSound(alert.event.type === 'fence-breach' || alert.event.type === 'failsafe');
        }
      }),
    [store, soundOn],
  );

  const toggleSound = () => {
    const next = !soundOn;
    if (next) unlockAlertSound();
    window.localStorage.setItem(SOUND_KEY, next ? 'on' : 'off');
    setSoundOn(next);
  };

  const acknowledge = useCallback((ids: string[]) => store.acknowledge(ids), [store]);
  const rangeList = ranges.status === 'done' ? ranges.value : [];
  const timeZone = rangeList[0]?.timeZone ?? 'UTC';
  const alarms = store.unacknowledgedAlerts().filter((a) => ALARM_TYPES.has(a.event.type));
  const vehicles = [...store.vehicles.entries()].sort(([a], [b]) => a.localeCompare(b));

  return (
    <main className="live-page">
      <AlertBanner alerts={alarms} onAcknowledge={acknowledge} />
      <div className="live-toolbar">
        <span className={`connection ${status}`} data-testid="live-status" data-status={status}>
          {status === 'connected' ? t('live.connected') : t('live.disconnected')}
        </span>
        <span>
          {t('live.vehicles')}: <strong data-testid="vehicle-count">{vehicles.length}</strong>
        </span>
        <label className="sound-toggle">
          <input type="checkbox" checked={soundOn} onChange={toggleSound} /> {t('live.sound')}
        </label>
      </div>
      {error && <ErrorMessage error={new Error(error)} />}
      {ranges.status === 'failed' && <ErrorMessage error={ranges.error} onRetry={ranges.reload} />}
      <div className="live-layout">
        <LiveMap store={store} ranges={rangeList} onSelect={setSelected} />
        <aside className="live-side">
          <section className="vehicle-cards">
            {vehicles.length === 0 && <p className="muted">{t('live.noVehicles')}</p>}
            {vehicles.map(([key, state]) => (
              <VehicleCard
                key={key}
                vehicleKey={key}
                state={state}
                nowMs={nowMs}
                selected={key === selected}
              />
            ))}
          </section>
          <AlertList
            alerts={store.alerts}
            acknowledged={store.acknowledged}
            timeZone={timeZone}
            onAcknowledge={acknowledge}
          />
        </aside>
      </div>
    </main>
  );
}
