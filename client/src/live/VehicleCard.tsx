import type { VehicleState } from '../../../telemetry/model/vehicleState';
import { formatAge } from '../format/formatTime';
import { formatQuantity } from '../format/formatQuantity';
import { useI18n } from '../i18n/I18nProvider';
import type { MessageKey } from '../i18n/en';
import { Link } from '../router/Link';
import { vehicleColour } from '../map/vehicleMarker';
import { vehicleDisplayName } from './vehicleKey';

/** Older than this, the vehicle's figures are shown as stale. */
const STALE_AFTER_MS = 3_000;

export function VehicleCard({
  vehicleKey,
  state,
  nowMs,
  selected,
}: {
  vehicleKey: string;
  state: VehicleState;
  nowMs: number;
  selected: boolean;
}) {
  const { t } = useI18n();
  const lastHeardMs = state.lastHeardUs / 1000;
  const stale = nowMs - lastHeardMs > STALE_AFTER_MS;
  const fix =
    state.gpsFixType === null
      ? t('common.none')
      : t(`fix.${Math.min(6, state.gpsFixType)}` as MessageKey);
  const linkQualityPct = state.linkLossPct === null ? null : 100 - state.linkLossPct;
  return (
    <article
      className={`vehicle-card fence-${state.fenceStatus}${stale ? ' stale' : ''}${selected ? ' selected' : ''}`}
      data-testid="vehicle-card"
      data-vehicle={vehicleKey}
      style={{ borderLeftColor: vehicleColour(vehicleKey) }}
    >
      <header>
        <strong>{vehicleDisplayName(state)}</strong>
        <span className={state.armed ? 'badge armed' : 'badge'}>
          {state.armed ? t('vehicle.armed') : t('vehicle.disarmed')}
        </span>
        <span className="badge mode">{state.modeName}</span>
      </header>
      <dl>
        <dt>{t('vehicle.altitude')}</dt>
        <dd data-field="altRelM">{formatQuantity(state.altRelM, 'm')}</dd>
        <dt>{t('vehicle.groundSpeed')}</dt>
        <dd>{formatQuantity(state.groundSpeedMps, 'm/s')}</dd>
        <dt>{t('vehicle.battery')}</dt>
        <dd>
          {formatQuantity(state.batteryRemainingPct, '%', 0)} ·{' '}
          {formatQuantity(state.batteryVoltageV, 'V')}
        </dd>
        <dt>{t('vehicle.gps')}</dt>
        <dd>
          {fix} · {t('vehicle.satellites', { count: state.satellites ?? '—' })}
        </dd>
        <dt>{t('vehicle.link')}</dt>
        <dd>{formatQuantity(linkQualityPct, '%', 0)}</dd>
        <dt>{t('vehicle.fence')}</dt>
        <dd className={`fence-state ${state.fenceStatus}`}>{t(`fence.${state.fenceStatus}`)}</dd>
        <dt>{t('vehicle.lastHeard')}</dt>
        <dd>{formatAge(nowMs, lastHeardMs)}</dd>
      </dl>
      {state.flightId && (
        <Link href={`/flights/${encodeURIComponent(state.flightId)}`}>{t('live.openFlight')}</Link>
      )}
    </article>
  );
}
