import type { FlightEventType } from '../../../telemetry/model/flightEvent';

/** Event types the banner raises an alarm for (with sound); others only go to the list. */
export const ALARM_TYPES: ReadonlySet<FlightEventType> = new Set([
  'fence-warning',
  'fence-breach',
  'fence-predicted-breach',
  'link-lost',
  'failsafe',
  'low-battery',
]);

export function alertSeverityClass(type: FlightEventType): 'danger' | 'warning' | 'info' {
  if (type === 'fence-breach' || type === 'failsafe' || type === 'link-lost') return 'danger';
  if (ALARM_TYPES.has(type)) return 'warning';
  return 'info';
}
