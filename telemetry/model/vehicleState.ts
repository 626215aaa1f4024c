import { z } from 'zod';

/** The latest known state of a vehicle, as the live view shows it. Units in the names. */
export const vehicleStateSchema = z.strictObject({
  linkId: z.string(),
  sysId: z.number().int().min(0).max(255),
  compId: z.number().int().min(0).max(255),
  flightId: z.string().nullable(),
  rangeId: z.string().nullable(),
  vehicleName: z.string().nullable(),
  mavType: z.number().int().nullable(),
  autopilot: z.number().int().nullable(),
  armed: z.boolean(),
  modeName: z.string(),
  latDeg: z.number().nullable(),
  lonDeg: z.number().nullable(),
  altRelM: z.number().nullable(),
  altMslM: z.number().nullable(),
  headingDeg: z.number().nullable(),
  groundSpeedMps: z.number().nullable(),
  climbMps: z.number().nullable(),
  batteryRemainingPct: z.number().nullable(),
  batteryVoltageV: z.number().nullable(),
  gpsFixType: z.number().int().nullable(),
  satellites: z.number().int().nullable(),
  linkLossPct: z.number().nullable(),
  /** Ground time the vehicle was last heard [µs since Unix epoch]. */
  lastHeardUs: z.number().int().nonnegative(),
  fenceStatus: z.enum(['inside', 'warning', 'breach', 'unknown']),
});

export type VehicleState = z.infer<typeof vehicleStateSchema>;
