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

/**
 * One id per alert whichever path tells it (the live path as a batch arrives, the ingest pass
 * once it is stored, the snapshot a joining browser gets), so a browser shows it once.
 * `scope` is the flight id, or the vehicle's key before its flight is known.
 */
export function alertId(scope: string, event: FlightEvent): string {
  return `${scope}:${event.type}:${event.tUs}`;
}
