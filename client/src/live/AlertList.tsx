import type { LiveAlert } from '../../../telemetry/contract/live';
import { formatRangeTime, formatUtc } from '../format/formatTime';
import { useI18n } from '../i18n/I18nProvider';
import { alertSeverityClass } from './alertKinds';
import { alertTitleKey } from './alertTitle';

export function AlertList({
  alerts,
  acknowledged,
  timeZone,
  onAcknowledge,
}: {
  alerts: LiveAlert[];
  acknowledged: ReadonlySet<string>;
  timeZone: string;
  onAcknowledge: (ids: string[]) => void;
}) {
  const { t, locale } = useI18n();
  return (
    <section className="alert-list" data-testid="alert-list">
      <h2>{t('live.alerts')}</h2>
      {alerts.length === 0 && <p className="muted">{t('live.noAlerts')}</p>}
      <ol>
        {alerts.map((alert) => {
          const tMs = alert.event.tUs / 1000;
          const isAcknowledged = acknowledged.has(alert.id);
          return (
            <li
              key={alert.id}
              className={`${alertSeverityClass(alert.event.type)}${isAcknowledged ? ' acknowledged' : ''}`}
              data-alert-type={alert.event.type}
            >
              <time title={formatUtc(tMs)}>{formatRangeTime(tMs, timeZone, locale, true)}</time>
              <strong>{t(alertTitleKey(alert))}</strong>
              <span>
                {alert.vehicleName ?? `SYS ${alert.event.sysId}`}: {alert.event.message}
              </span>
              {isAcknowledged ? (
                <span className="muted">{t('live.acknowledged')}</span>
              ) : (
                <button type="button" onClick={() => onAcknowledge([alert.id])}>
                  {t('live.acknowledge')}
                </button>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
