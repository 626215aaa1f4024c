import type { FlightEvent, FlightEventType } from '../../telemetry/model/flightEvent.js';

/** Event types an operator must see at once, whatever their severity. */
const ALERT_TYPES: ReadonlySet<FlightEventType> = new Set<FlightEventType>([
  'failsafe',
  'link-lost',
  'fence-warning',
  'fence-breach',
  'fence-predicted-breach',
  'flight-closed-silent',
  'low-battery',
  'gps-fix-lost',
]);

/** MAV_SEVERITY_CRITICAL and worse are alerts whatever their type. */
const CRITICAL = 2;

export function isAlert(event: FlightEvent): boolean {
  return ALERT_TYPES.has(event.type) || event.severity <= CRITICAL;
}
