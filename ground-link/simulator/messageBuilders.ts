import { common, minimal, type MavLinkData } from 'node-mavlink';
import type { StreamedMessageName } from './messageRates.js';
import { MAV_AUTOPILOT_PX4, MAV_TYPE_QUADROTOR, px4BaseMode, px4CustomMode } from './px4Modes.js';
import type { TelemetryView } from './telemetryView.js';

const UINT16_UNKNOWN = 65535;
const INT16_UNKNOWN = 32767;

/** Rounds and clamps into an integer field's range: the serializer throws on overflow. */
function toInt(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, Math.round(value)));
}
const int8 = (value: number) => toInt(value, -128, 127);
const uint8 = (value: number) => toInt(value, 0, 255);
const int16 = (value: number) => toInt(value, -32768, 32767);
const uint16 = (value: number) => toInt(value, 0, 65535);
const int32 = (value: number) => toInt(value, -2147483648, 2147483647);
const degE7 = (deg: number) => int32(deg * 1e7);
const mm = (metres: number) => int32(metres * 1000);
const centidegrees = (deg: number) => uint16((((deg % 360) + 360) % 360) * 100) % 36000;

const SENSOR = common.MavSysStatusSensor;
/** What a healthy quadrotor with GPS and a battery monitor reports present, enabled and healthy. */
const SENSORS_PRESENT: common.MavSysStatusSensor =
  SENSOR.SENSOR_3D_GYRO |
  SENSOR.SENSOR_3D_ACCEL |
  SENSOR.SENSOR_3D_MAG |
  SENSOR.SENSOR_ABSOLUTE_PRESSURE |
  SENSOR.SENSOR_GPS |
  SENSOR.SENSOR_ANGULAR_RATE_CONTROL |
  SENSOR.SENSOR_ATTITUDE_STABILIZATION |
  SENSOR.SENSOR_YAW_POSITION |
  SENSOR.SENSOR_Z_ALTITUDE_CONTROL |
  SENSOR.SENSOR_XY_POSITION_CONTROL |
  SENSOR.SENSOR_MOTOR_OUTPUTS |
  SENSOR.GEOFENCE |
  SENSOR.AHRS |
  SENSOR.SENSOR_BATTERY;

/** HEARTBEAT needs only the autopilot's state: built without a full view for the onboard log. */
export function heartbeat(
  view: Pick<TelemetryView, 'mode' | 'armed' | 'systemStatus'>,
): MavLinkData {
  const message = new minimal.Heartbeat();
  message.type = MAV_TYPE_QUADROTOR;
  message.autopilot = MAV_AUTOPILOT_PX4;
  message.baseMode = px4BaseMode(view.mode, view.armed);
  message.customMode = px4CustomMode(view.mode);
  message.systemStatus = view.systemStatus;
  message.mavlinkVersion = 3;
  return message;
}

function attitude(view: TelemetryView): MavLinkData {
  const message = new common.Attitude();
  const { attitude: a } = view;
  message.timeBootMs = view.bootMs;
  message.roll = a.rollRad;
  message.pitch = a.pitchRad;
  message.yaw = a.yawRad;
  message.rollspeed = a.rollRateRadps;
  message.pitchspeed = a.pitchRateRadps;
  message.yawspeed = a.yawRateRadps;
  return message;
}

function attitudeQuaternion(view: TelemetryView): MavLinkData {
  const message = new common.AttitudeQuaternion();
  const { rollRad, pitchRad, yawRad } = view.attitude;
  const [cr, sr] = [Math.cos(rollRad / 2), Math.sin(rollRad / 2)];
  const [cp, sp] = [Math.cos(pitchRad / 2), Math.sin(pitchRad / 2)];
  const [cy, sy] = [Math.cos(yawRad / 2), Math.sin(yawRad / 2)];
  message.timeBootMs = view.bootMs;
  message.q1 = cr * cp * cy + sr * sp * sy;
  message.q2 = sr * cp * cy - cr * sp * sy;
  message.q3 = cr * sp * cy + sr * cp * sy;
  message.q4 = cr * cp * sy - sr * sp * cy;
  message.rollspeed = view.attitude.rollRateRadps;
  message.pitchspeed = view.attitude.pitchRateRadps;
  message.yawspeed = view.attitude.yawRateRadps;
  message.reprOffsetQ = [0, 0, 0, 0];
  return message;
}

function globalPositionInt(view: TelemetryView): MavLinkData {
  const message = new common.GlobalPositionInt();
  const { estimate: e } = view;
  message.timeBootMs = view.bootMs;
  message.lat = degE7(e.latDeg);
  message.lon = degE7(e.lonDeg);
  message.alt = mm(e.altMslM);
  message.relativeAlt = mm(e.altRelM);
  message.vx = int16(e.vnMps * 100);
  message.vy = int16(e.veMps * 100);
  message.vz = int16(e.vdMps * 100);
  message.hdg = centidegrees(view.hud.headingDeg);
  return message;
}

function localPositionNed(view: TelemetryView): MavLinkData {
  const message = new common.LocalPositionNed();
  const { estimate: e } = view;
  message.timeBootMs = view.bootMs;
  message.x = e.northM;
  message.y = e.eastM;
  message.z = -e.altRelM;
  message.vx = e.vnMps;
  message.vy = e.veMps;
  message.vz = e.vdMps;
  return message;
}

function gpsRawInt(view: TelemetryView): MavLinkData {
  const message = new common.GpsRawInt();
  const { gps } = view;
  message.timeUsec = BigInt(view.tUs);
  message.fixType = gps.fixType;
  message.lat = degE7(gps.latDeg);
  message.lon = degE7(gps.lonDeg);
  message.alt = mm(gps.altMslM);
  message.eph = gps.hdop === null ? UINT16_UNKNOWN : uint16(gps.hdop * 100);
  message.epv = gps.vdop === null ? UINT16_UNKNOWN : uint16(gps.vdop * 100);
  message.vel = uint16(gps.speedMps * 100);
  message.cog = centidegrees(gps.courseDeg);
  message.satellitesVisible = uint8(gps.satellites);
  return message;
}

function sysStatus(view: TelemetryView): MavLinkData {
  const message = new common.SysStatus();
  message.onboardControlSensorsPresent = SENSORS_PRESENT;
  message.onboardControlSensorsEnabled = SENSORS_PRESENT;
  message.onboardControlSensorsHealth = SENSORS_PRESENT;
  message.load = uint16(view.loadPct * 10);
  message.voltageBattery = uint16(view.battery.voltageV * 1000);
  message.currentBattery = int16(view.battery.currentA * 100);
  // Rounded up, as PX4's SYS_STATUS stream does (ceilf): a report of 15 % means the charge is
  // at most 15 %, so the report reaches the low threshold when the charge does.
  message.batteryRemaining = int8(Math.ceil(view.battery.remainingPct));
  return message;
}

function batteryStatus(view: TelemetryView): MavLinkData {
  const message = new common.BatteryStatus();
  const { battery } = view;
  const cells = battery.cellVoltagesV.map((volts) => uint16(volts * 1000));
  message.currentConsumed = int32(battery.consumedMah);
  message.energyConsumed = -1;
  message.temperature = INT16_UNKNOWN;
  message.voltages = Array.from({ length: 10 }, (_, index) => cells[index] ?? UINT16_UNKNOWN);
  message.currentBattery = int16(battery.currentA * 100);
  message.id = 0;
  message.batteryFunction = 1;
  message.type = 1;
  // Rounded up like SYS_STATUS, so both messages agree on when the threshold is reached.
  message.batteryRemaining = int8(Math.ceil(battery.remainingPct));
  message.timeRemaining = 0;
  message.chargeState = battery.chargeState;
  message.voltagesExt = [0, 0, 0, 0];
  return message;
}

function vfrHud(view: TelemetryView): MavLinkData {
  const message = new common.VfrHud();
  const { hud } = view;
  message.airspeed = hud.groundSpeedMps;
  message.groundspeed = hud.groundSpeedMps;
  message.alt = view.estimate.altMslM;
  message.climb = hud.climbMps;
  message.heading = int16(hud.headingDeg) % 360;
  message.throttle = uint16(hud.throttlePct);
  return message;
}

function altitude(view: TelemetryView): MavLinkData {
  const message = new common.Altitude();
  const { estimate } = view;
  message.timeUsec = BigInt(view.bootMs) * 1000n;
  message.altitudeMonotonic = estimate.altMslM;
  message.altitudeAmsl = estimate.altMslM;
  message.altitudeLocal = estimate.altRelM;
  message.altitudeRelative = estimate.altRelM;
  // No terrain data nor range finder, as PX4 reports them: NaN and -1.
  message.altitudeTerrain = NaN;
  message.bottomClearance = -1;
  return message;
}

/** Idle and full-throttle PWM of PX4's default multicopter outputs [µs]. */
const PWM_MIN_US = 1000;
const PWM_MAX_US = 2000;

function servoOutputRaw(view: TelemetryView): MavLinkData {
  const message = new common.ServoOutputRaw();
  // uint32 µs since boot: wraps after 71 minutes, as the autopilot's does.
  message.timeUsec = Number((BigInt(view.bootMs) * 1000n) % 2n ** 32n);
  message.port = 0;
  const motorPwmUs = view.armed
    ? uint16(PWM_MIN_US + ((PWM_MAX_US - PWM_MIN_US) * view.hud.throttlePct) / 100)
    : 0;
  // A quadrotor's four motors on the first outputs; the other four are unused.
  message.servo1Raw = motorPwmUs;
  message.servo2Raw = motorPwmUs;
  message.servo3Raw = motorPwmUs;
  message.servo4Raw = motorPwmUs;
  message.servo5Raw = 0;
  message.servo6Raw = 0;
  message.servo7Raw = 0;
  message.servo8Raw = 0;
  return message;
}

function vibration(view: TelemetryView): MavLinkData {
  const message = new common.Vibration();
  message.timeUsec = BigInt(view.bootMs) * 1000n;
  message.vibrationX = view.vibration.xMps2;
  message.vibrationY = view.vibration.yMps2;
  message.vibrationZ = view.vibration.zMps2;
  return message;
}

function extendedSysState(view: TelemetryView): MavLinkData {
  const message = new common.ExtendedSysState();
  message.vtolState = 0;
  message.landedState = view.landedState;
  return message;
}

function homePosition(view: TelemetryView): MavLinkData {
  const message = new common.HomePosition();
  message.latitude = degE7(view.home.latDeg);
  message.longitude = degE7(view.home.lonDeg);
  message.altitude = mm(view.home.altMslM);
  message.q = [1, 0, 0, 0];
  message.timeUsec = BigInt(view.tUs);
  return message;
}

function missionCurrent(view: TelemetryView): MavLinkData {
  const message = new common.MissionCurrent();
  message.seq = uint16(view.mission.seq);
  message.total = uint16(view.mission.total);
  message.missionState = view.mission.state;
  return message;
}

function navControllerOutput(view: TelemetryView): MavLinkData {
  const message = new common.NavControllerOutput();
  const { navigation: nav } = view;
  message.navRoll = nav.navRollDeg;
  message.navPitch = nav.navPitchDeg;
  message.altError = nav.altErrorM;
  message.aspdError = 0;
  message.xtrackError = nav.xtrackErrorM;
  message.navBearing = int16(nav.navBearingDeg);
  message.targetBearing = int16(nav.targetBearingDeg);
  message.wpDist = uint16(nav.wpDistM);
  return message;
}

function systemTime(view: TelemetryView): MavLinkData {
  const message = new common.SystemTime();
  message.timeUnixUsec = BigInt(view.tUs);
  message.timeBootMs = view.bootMs;
  return message;
}

function radioStatus(view: TelemetryView): MavLinkData {
  const message = new common.RadioStatus();
  const { radio } = view;
  message.rssi = uint8(radio.rssi);
  message.remrssi = uint8(radio.remRssi);
  message.noise = uint8(radio.noise);
  message.remnoise = uint8(radio.remNoise);
  message.txbuf = 100;
  message.rxerrors = uint16(radio.rxErrors);
  message.fixed = 0;
  return message;
}

export const MESSAGE_BUILDERS: Record<StreamedMessageName, (view: TelemetryView) => MavLinkData> = {
  HEARTBEAT: heartbeat,
  ATTITUDE: attitude,
  ATTITUDE_QUATERNION: attitudeQuaternion,
  GLOBAL_POSITION_INT: globalPositionInt,
  LOCAL_POSITION_NED: localPositionNed,
  GPS_RAW_INT: gpsRawInt,
  SYS_STATUS: sysStatus,
  BATTERY_STATUS: batteryStatus,
  VFR_HUD: vfrHud,
  ALTITUDE: altitude,
  SERVO_OUTPUT_RAW: servoOutputRaw,
  VIBRATION: vibration,
  EXTENDED_SYS_STATE: extendedSysState,
  HOME_POSITION: homePosition,
  MISSION_CURRENT: missionCurrent,
  NAV_CONTROLLER_OUTPUT: navControllerOutput,
  SYSTEM_TIME: systemTime,
  RADIO_STATUS: radioStatus,
};

/** STATUSTEXT: texts longer than 50 characters are cut, as a one-chunk autopilot does. */
export function statusText(severity: number, text: string): MavLinkData {
  const message = new common.StatusText();
  message.severity = severity;
  message.text = text.slice(0, 50);
  message.id = 0;
  message.chunkSeq = 0;
  return message;
}
