import type { LiveAlert } from '../../../telemetry/contract/live';
import { useI18n } from '../i18n/I18nProvider';
import { alertSeverityClass } from './alertKinds';
import { alertTitleKey } from './alertTitle';

/** The newest unacknowledged alarm, across the top of the live view, until acknowledged. */
export function AlertBanner({
  alerts,
  onAcknowledge,
}: {
  alerts: LiveAlert[];
  onAcknowledge: (ids: string[]) => void;
}) {
  const { t } = useI18n();
  const newest = alerts[0];
  if (!newest) return null;
  return (
    <div
      className={`alert-banner ${alertSeverityClass(newest.event.type)}`}
      role="alert"
      data-testid="alert-banner"
      data-alert-type={newest.event.type}
    >
      <strong>{t(alertTitleKey(newest))}</strong>
      <span>
        {newest.vehicleName ?? `SYS ${newest.event.sysId}`} — {newest.event.message}
      </span>
      {alerts.length > 1 && <span className="count">+{alerts.length - 1}</span>}
      <span className="spacer" />
      <button type="button" onClick={() => onAcknowledge([newest.id])}>
        {t('live.acknowledge')}
      </button>
      {alerts.length > 1 && (
        <button type="button" onClick={() => onAcknowledge(alerts.map((a) => a.id))}>
          {t('live.acknowledgeAll')}
        </button>
      )}
    </div>
  );
}
