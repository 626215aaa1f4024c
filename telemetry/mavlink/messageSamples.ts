import type { Sample } from '../model/sample.js';
import type { Attitude } from './messages/attitude.js';
import type { BatteryStatus } from './messages/batteryStatus.js';
import type { ExtendedSysState } from './messages/extendedSysState.js';
import type { GlobalPositionInt } from './messages/globalPositionInt.js';
import type { GpsRawInt } from './messages/gpsRawInt.js';
import type { Heartbeat } from './messages/heartbeat.js';
import type { HomePosition } from './messages/homePosition.js';
import type { MissionCurrent } from './messages/missionCurrent.js';
import type { NavControllerOutput } from './messages/navControllerOutput.js';
import type { RadioStatus } from './messages/radioStatus.js';
import type { SysStatus } from './messages/sysStatus.js';
import type { SystemTime } from './messages/systemTime.js';
import type { VfrHud } from './messages/vfrHud.js';
import type { Vibration } from './messages/vibration.js';
import {
  degFromE7,
  degFromRad,
  finiteOrNull,
  scaledOrNull,
  UINT16_UNKNOWN,
  UINT8_UNKNOWN,
} from './units.js';

/**
 * Decoded MAVLink messages → the channel values of `SAMPLE_KINDS`, in the units their names
 * carry. One function per message; the normaliser adds time and ids.
 */
type Values<K extends Sample['kind']> = Sample<K>['values'];

const ARMED_FLAG = 0x80;

export function heartbeatValues(m: Heartbeat): Values<'heartbeat'> {
  return {
    armed: m.baseMode & ARMED_FLAG ? 1 : 0,
    baseMode: m.baseMode,
    customMode: m.customMode,
    systemStatus: m.systemStatus,
    mavType: m.mavType,
    autopilot: m.autopilot,
  };
}

export function positionValues(m: GlobalPositionInt): Values<'position'> {
  return {
    latDeg: degFromE7(m.latE7),
    lonDeg: degFromE7(m.lonE7),
    altMslM: m.altMslMm / 1000,
    altRelM: m.altRelMm / 1000,
    vnMps: m.vxCmps / 100,
    veMps: m.vyCmps / 100,
    vdMps: m.vzCmps / 100,
    headingDeg: scaledOrNull(m.headingCdeg, UINT16_UNKNOWN, 0.01),
  };
}

export function gpsValues(m: GpsRawInt): Values<'gps'> {
  return {
    gpsLatDeg: degFromE7(m.latE7),
    gpsLonDeg: degFromE7(m.lonE7),
    gpsAltMslM: m.altMslMm / 1000,
    fixType: m.fixType,
    satellites: m.satellitesVisible === UINT8_UNKNOWN ? null : m.satellitesVisible,
    hdop: scaledOrNull(m.eph, UINT16_UNKNOWN, 0.01),
    vdop: scaledOrNull(m.epv, UINT16_UNKNOWN, 0.01),
    gpsSpeedMps: scaledOrNull(m.velCmps, UINT16_UNKNOWN, 0.01),
    gpsCourseDeg: scaledOrNull(m.cogCdeg, UINT16_UNKNOWN, 0.01),
  };
}

export function attitudeValues(m: Attitude): Values<'attitude'> {
  return {
    rollDeg: degFromRad(m.rollRad),
    pitchDeg: degFromRad(m.pitchRad),
    yawDeg: degFromRad(m.yawRad),
    rollRateDps: degFromRad(m.rollRateRadps),
    pitchRateDps: degFromRad(m.pitchRateRadps),
    yawRateDps: degFromRad(m.yawRateRadps),
  };
}

export function hudValues(m: VfrHud): Values<'hud'> {
  return {
    airspeedMps: finiteOrNull(m.airspeedMps),
    groundSpeedMps: finiteOrNull(m.groundSpeedMps),
    hudHeadingDeg: m.headingDeg,
    throttlePct: m.throttlePct,
    hudAltMslM: finiteOrNull(m.altMslM),
    climbMps: finiteOrNull(m.climbMps),
  };
}

export function systemValues(m: SysStatus): Values<'system'> {
  return {
    voltageV: scaledOrNull(m.voltageMv, UINT16_UNKNOWN, 0.001),
    currentA: scaledOrNull(m.currentCa, -1, 0.01),
    remainingPct: m.remainingPct === -1 ? null : m.remainingPct,
    loadPct: m.loadDpct / 10,
    dropRateCommPct: m.dropRateCommCpct / 100,
  };
}

export function batteryValues(m: BatteryStatus): Values<'battery'> {
  return {
    batteryId: m.id,
    batteryVoltageV: packVoltageV(m),
    batteryCurrentA: scaledOrNull(m.currentCa, -1, 0.01),
    batteryRemainingPct: m.remainingPct === -1 ? null : m.remainingPct,
    consumedMah: m.consumedMah === -1 ? null : m.consumedMah,
  };
}

/** Pack voltage = sum of the cells present; null when the message reports none. */
function packVoltageV(m: BatteryStatus): number | null {
  let totalMv = 0;
  let cells = 0;
  for (const mv of m.cellsMv) {
    if (mv !== UINT16_UNKNOWN) {
      totalMv += mv;
      cells++;
    }
  }
  for (const mv of m.extCellsMv) {
    if (mv !== 0 && mv !== UINT16_UNKNOWN) {
      totalMv += mv;
      cells++;
    }
  }
  return cells === 0 ? null : totalMv / 1000;
}

export function radioValues(m: RadioStatus): Values<'radio'> {
  const known = (v: number): number | null => (v === UINT8_UNKNOWN ? null : v);
  return {
    rssi: known(m.rssi),
    remRssi: known(m.remRssi),
    noise: known(m.noise),
    remNoise: known(m.remNoise),
    txBufPct: m.txBufPct,
    rxErrors: m.rxErrors,
    fixedErrors: m.fixedErrors,
  };
}

export function vibrationValues(m: Vibration): Values<'vibration'> {
  return {
    vibeXMps2: finiteOrNull(m.vibeXMps2),
    vibeYMps2: finiteOrNull(m.vibeYMps2),
    vibeZMps2: finiteOrNull(m.vibeZMps2),
    clipping0: m.clipping0,
    clipping1: m.clipping1,
    clipping2: m.clipping2,
  };
}

export function homeValues(m: HomePosition): Values<'home'> {
  return {
    homeLatDeg: degFromE7(m.latE7),
    homeLonDeg: degFromE7(m.lonE7),
    homeAltMslM: m.altMslMm / 1000,
  };
}

export function extendedStateValues(m: ExtendedSysState): Values<'extendedState'> {
  return { vtolState: m.vtolState, landedState: m.landedState };
}

export function missionValues(m: MissionCurrent): Values<'mission'> {
  return {
    missionSeq: m.seq,
    // 0 = not supported (also what a sender that predates the extension leaves padded).
    missionTotal: m.total === UINT16_UNKNOWN || m.total === 0 ? null : m.total,
    missionState: m.missionState === 0 ? null : m.missionState,
  };
}

export function navigationValues(m: NavControllerOutput): Values<'navigation'> {
  return {
    navRollDeg: finiteOrNull(m.navRollDeg),
    navPitchDeg: finiteOrNull(m.navPitchDeg),
    navBearingDeg: m.navBearingDeg,
    targetBearingDeg: m.targetBearingDeg,
    wpDistM: m.wpDistM,
    altErrorM: finiteOrNull(m.altErrorM),
    airspeedErrorMps: finiteOrNull(m.airspeedErrorMps),
    xtrackErrorM: finiteOrNull(m.xtrackErrorM),
  };
}

export function systemTimeValues(m: SystemTime): Values<'systemTime'> {
  return { timeUnixUs: m.timeUnixUs === 0 ? null : m.timeUnixUs };
}
