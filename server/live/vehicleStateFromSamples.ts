import type { AnySample } from '../../telemetry/model/sample.js';
import type { LinkStats } from '../../telemetry/model/linkStats.js';
import type { VehicleState } from '../../telemetry/model/vehicleState.js';
import { modeName } from '../../telemetry/mavlink/modeNames.js';

/** MAV_AUTOPILOT_INVALID: the heartbeat of a camera, gimbal or ground station, not a vehicle. */
export const AUTOPILOT_INVALID = 8;

export function initialVehicleState(identity: {
  linkId: string;
  sysId: number;
  compId: number;
  rangeId: string | null;
  vehicleName: string | null;
}): VehicleState {
  return {
    ...identity,
    flightId: null,
    mavType: null,
    autopilot: null,
    armed: false,
    modeName: 'UNKNOWN',
    latDeg: null,
    lonDeg: null,
    altRelM: null,
    altMslM: null,
    headingDeg: null,
    groundSpeedMps: null,
    climbMps: null,
    batteryRemainingPct: null,
    batteryVoltageV: null,
    gpsFixType: null,
    satellites: null,
    linkLossPct: null,
    lastHeardUs: 0,
    fenceStatus: 'unknown',
  };
}

function integerOrNull(value: number | null): number | null {
  return value === null ? null : Math.round(value);
}

/** Folds one sample into the live state; older samples than the state are ignored. */
export function applySampleToVehicleState(state: VehicleState, sample: AnySample): boolean {
  if (sample.tUs < state.lastHeardUs) return false;
  state.lastHeardUs = sample.tUs;
  switch (sample.kind) {
    case 'heartbeat': {
      const v = sample.values;
      if (v.autopilot === AUTOPILOT_INVALID) break;
      state.armed = v.armed === 1;
      state.mavType = integerOrNull(v.mavType);
      state.autopilot = integerOrNull(v.autopilot);
      if (
        v.autopilot !== null &&
        v.mavType !== null &&
        v.baseMode !== null &&
        v.customMode !== null
      ) {
        state.modeName = modeName(v.autopilot, v.mavType, v.baseMode, v.customMode);
      }
      break;
    }
    case 'position': {
      const v = sample.values;
      state.latDeg = v.latDeg;
      state.lonDeg = v.lonDeg;
      state.altRelM = v.altRelM;
      state.altMslM = v.altMslM;
      if (v.headingDeg !== null) state.headingDeg = v.headingDeg;
      if (v.vnMps !== null && v.veMps !== null) state.groundSpeedMps = Math.hypot(v.vnMps, v.veMps);
      if (v.vdMps !== null) state.climbMps = -v.vdMps;
      break;
    }
    case 'hud':
      state.groundSpeedMps = sample.values.groundSpeedMps ?? state.groundSpeedMps;
      state.climbMps = sample.values.climbMps ?? state.climbMps;
      break;
    case 'system':
      state.batteryRemainingPct = sample.values.remainingPct ?? state.batteryRemainingPct;
      state.batteryVoltageV = sample.values.voltageV ?? state.batteryVoltageV;
      break;
    case 'battery':
      state.batteryRemainingPct = sample.values.batteryRemainingPct ?? state.batteryRemainingPct;
      state.batteryVoltageV = sample.values.batteryVoltageV ?? state.batteryVoltageV;
      break;
    case 'gps':
      state.gpsFixType = integerOrNull(sample.values.fixType);
      state.satellites = integerOrNull(sample.values.satellites);
      break;
    default:
      break;
  }
  return true;
}

export function applyLinkStatsToVehicleState(state: VehicleState, stats: LinkStats): void {
  state.linkLossPct = stats.lossPct;
}
