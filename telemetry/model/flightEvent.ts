import { z } from 'zod';
import { groundTimeUsSchema } from './groundTimeBounds.js';

/**
 * Things that happen to a vehicle, as opposed to values it reports.
 * Produced by the normaliser (from MAVLink) and by the server (fences, flights, link).
 */
export const FLIGHT_EVENT_TYPES = [
  'arm',
  'disarm',
  'mode-change',
  'text',
  'failsafe',
  'reboot',
  'gps-fix-lost',
  'gps-fix-regained',
  'link-lost',
  'link-restored',
  'command-ack',
  'mission-item-reached',
  'fence-warning',
  'fence-breach',
  'fence-return',
  'fence-predicted-breach',
  'flight-closed-silent',
  'low-battery',
] as const;

export type FlightEventType = (typeof FLIGHT_EVENT_TYPES)[number];

/** MAV_SEVERITY: 0 emergency … 7 debug. */
export const SEVERITY_NAMES = [
  'emergency',
  'alert',
  'critical',
  'error',
  'warning',
  'notice',
  'info',
  'debug',
] as const;

export const flightEventSchema = z.strictObject({
  type: z.enum(FLIGHT_EVENT_TYPES),
  /** Ground receive time [µs since Unix epoch]. */
  tUs: groundTimeUsSchema,
  sysId: z.number().int().min(0).max(255),
  compId: z.number().int().min(0).max(255),
  /** MAV_SEVERITY, 0 (emergency) … 7 (debug). */
  severity: z.number().int().min(0).max(7),
  /** Human-readable one-liner, e.g. "Mode LOITER → RTL". */
  message: z.string().max(1000),
  /** Type-specific details (mode names, STATUSTEXT id, fence id, distances with units …). */
  data: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).default({}),
});

export type FlightEvent = z.infer<typeof flightEventSchema>;
