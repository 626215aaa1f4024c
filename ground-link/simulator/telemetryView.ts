import type { RangeOrigin } from './geo.js';
import type { SimFlightMode } from './px4Modes.js';

/**
 * Everything the vehicle reports at one instant, in SI units with units in the names.
 * The message builders turn it into MAVLink fields; they never look at the simulation itself.
 */
export interface TelemetryView {
  tUs: number;
  bootMs: number;
  mode: SimFlightMode;
  armed: boolean;
  /** MAV_STATE */
  systemStatus: number;
  /** MAV_LANDED_STATE */
  landedState: number;
  /** The autopilot's fused estimate (GLOBAL_POSITION_INT, LOCAL_POSITION_NED). */
  estimate: {
    latDeg: number;
    lonDeg: number;
    altMslM: number;
    altRelM: number;
    northM: number;
    eastM: number;
    vnMps: number;
    veMps: number;
    vdMps: number;
  };
  attitude: {
    rollRad: number;
    pitchRad: number;
    yawRad: number;
    rollRateRadps: number;
    pitchRateRadps: number;
    yawRateRadps: number;
  };
  gps: {
    /** GPS_FIX_TYPE: 1 no fix, 3 3-D fix. */
    fixType: number;
    latDeg: number;
    lonDeg: number;
    altMslM: number;
    satellites: number;
    /** null while the receiver has no solution (sent as UINT16_MAX, "unknown"). */
    hdop: number | null;
    vdop: number | null;
    speedMps: number;
    courseDeg: number;
  };
  battery: {
    voltageV: number;
    cellVoltagesV: number[];
    currentA: number;
    remainingPct: number;
    consumedMah: number;
    /** MAV_BATTERY_CHARGE_STATE */
    chargeState: number;
  };
  home: RangeOrigin;
  navigation: {
    navRollDeg: number;
    navPitchDeg: number;
    navBearingDeg: number;
    targetBearingDeg: number;
    wpDistM: number;
    altErrorM: number;
    xtrackErrorM: number;
  };
  mission: { seq: number; total: number; state: number };
  hud: { groundSpeedMps: number; headingDeg: number; throttlePct: number; climbMps: number };
  vibration: { xMps2: number; yMps2: number; zMps2: number };
  radio: { rssi: number; remRssi: number; noise: number; remNoise: number; rxErrors: number };
  loadPct: number;
}
