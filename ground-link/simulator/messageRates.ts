/**
 * The telemetry streams a simulated PX4 sends and their rates [Hz], close to PX4's default
 * telemetry-radio profile. STATUSTEXT is not here: it goes out on events.
 * Together they make 65.5 messages/s per vehicle.
 */
export const STREAM_RATES_HZ = {
  HEARTBEAT: 1,
  ATTITUDE: 15,
  ATTITUDE_QUATERNION: 10,
  GLOBAL_POSITION_INT: 10,
  LOCAL_POSITION_NED: 5,
  GPS_RAW_INT: 5,
  SYS_STATUS: 2,
  BATTERY_STATUS: 1,
  VFR_HUD: 4,
  ALTITUDE: 1,
  SERVO_OUTPUT_RAW: 1,
  VIBRATION: 2,
  EXTENDED_SYS_STATE: 1,
  HOME_POSITION: 0.5,
  MISSION_CURRENT: 1,
  NAV_CONTROLLER_OUTPUT: 4,
  SYSTEM_TIME: 1,
  RADIO_STATUS: 1,
} as const;

export type StreamedMessageName = keyof typeof STREAM_RATES_HZ;

export const STREAMED_MESSAGE_NAMES = Object.keys(STREAM_RATES_HZ) as StreamedMessageName[];

export const TOTAL_STREAM_RATE_HZ = STREAMED_MESSAGE_NAMES.reduce(
  (sum, name) => sum + STREAM_RATES_HZ[name],
  0,
);
