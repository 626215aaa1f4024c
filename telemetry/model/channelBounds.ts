import { MAX_GROUND_TIME_US, MIN_GROUND_TIME_US } from './groundTimeBounds.js';
import type { Channel } from './sampleKinds.js';

/** [min, max] of a channel, both included, in the unit its name carries. */
export type Bounds = readonly [min: number, max: number];

const LAT_DEG: Bounds = [-90, 90];
const LON_DEG: Bounds = [-180, 180];
/** From the deepest sea floor a submersible reaches to above any balloon [m]. */
const ALT_M: Bounds = [-12_000, 100_000];
const SPEED_MPS: Bounds = [-1_000, 1_000];
const ANGLE_DEG: Bounds = [-360, 360];
const HEADING_DEG: Bounds = [0, 360];
const RATE_DPS: Bounds = [-10_000, 10_000];
const PCT: Bounds = [0, 100];
const UINT8: Bounds = [0, 255];
const UINT16: Bounds = [0, 65_535];
const UINT32: Bounds = [0, 4_294_967_295];
const DOP: Bounds = [0, 1_000];
const VOLTAGE_V: Bounds = [0, 1_000];
const CURRENT_A: Bounds = [-10_000, 10_000];

/**
 * What a physical quantity can be. A value outside is a corrupt field or a sender's bug
 * (a latitude of 1e300, an altitude of 1e15 m), never a measurement: the normaliser turns it
 * into null (unknown) and counts it; the ingest schema refuses it. Wide on purpose: only the
 * impossible is refused, never a surprising flight.
 */
export const CHANNEL_BOUNDS: { readonly [C in Channel]: Bounds } = {
  armed: [0, 1],
  baseMode: UINT8,
  customMode: UINT32,
  systemStatus: UINT8,
  mavType: UINT8,
  autopilot: UINT8,
  latDeg: LAT_DEG,
  lonDeg: LON_DEG,
  altMslM: ALT_M,
  altRelM: ALT_M,
  vnMps: SPEED_MPS,
  veMps: SPEED_MPS,
  vdMps: SPEED_MPS,
  headingDeg: HEADING_DEG,
  gpsLatDeg: LAT_DEG,
  gpsLonDeg: LON_DEG,
  gpsAltMslM: ALT_M,
  fixType: UINT8,
  satellites: UINT8,
  hdop: DOP,
  vdop: DOP,
  gpsSpeedMps: [0, 1_000],
  gpsCourseDeg: HEADING_DEG,
  rollDeg: ANGLE_DEG,
  pitchDeg: ANGLE_DEG,
  yawDeg: ANGLE_DEG,
  rollRateDps: RATE_DPS,
  pitchRateDps: RATE_DPS,
  yawRateDps: RATE_DPS,
  airspeedMps: SPEED_MPS,
  groundSpeedMps: SPEED_MPS,
  hudHeadingDeg: ANGLE_DEG,
  throttlePct: [-100, 100],
  hudAltMslM: ALT_M,
  climbMps: SPEED_MPS,
  voltageV: VOLTAGE_V,
  currentA: CURRENT_A,
  remainingPct: PCT,
  // The whole wire range: ArduCopter 3.2 reports loads up to 2 611 % (the real copter-ac32 log).
  loadPct: [0, 6_553.5],
  dropRateCommPct: PCT,
  batteryId: UINT8,
  batteryVoltageV: VOLTAGE_V,
  batteryCurrentA: CURRENT_A,
  batteryRemainingPct: PCT,
  consumedMah: [0, 100_000_000],
  rssi: UINT8,
  remRssi: UINT8,
  noise: UINT8,
  remNoise: UINT8,
  txBufPct: UINT8,
  rxErrors: UINT16,
  fixedErrors: UINT16,
  vibeXMps2: [0, 10_000],
  vibeYMps2: [0, 10_000],
  vibeZMps2: [0, 10_000],
  clipping0: UINT32,
  clipping1: UINT32,
  clipping2: UINT32,
  homeLatDeg: LAT_DEG,
  homeLonDeg: LON_DEG,
  homeAltMslM: ALT_M,
  vtolState: UINT8,
  landedState: UINT8,
  missionSeq: UINT16,
  missionTotal: UINT16,
  missionState: UINT8,
  navRollDeg: ANGLE_DEG,
  navPitchDeg: ANGLE_DEG,
  navBearingDeg: ANGLE_DEG,
  targetBearingDeg: ANGLE_DEG,
  wpDistM: [0, 10_000_000],
  altErrorM: [-100_000, 100_000],
  airspeedErrorMps: SPEED_MPS,
  xtrackErrorM: [-10_000_000, 10_000_000],
  timeUnixUs: [MIN_GROUND_TIME_US, MAX_GROUND_TIME_US],
};

/** Vehicle time since boot [ms]: what a 32-bit µs-or-ms boot clock can show (~3 years). */
export const MAX_BOOT_MS = 100_000_000_000;

export function isWithinBounds(channel: Channel, value: number): boolean {
  const [min, max] = CHANNEL_BOUNDS[channel];
  return value >= min && value <= max;
}
