import type { MavlinkFrame } from '../../telemetry/mavlink/frame.js';

/** PARAM_VALUE (MAVLink common, id 22). */
export const PARAM_VALUE_ID = 22;

/** The vehicle parameters criteria read: the link-loss failsafe timeouts [s]. */
export const CRITERIA_PARAM_NAMES = ['FS_GCS_TIMEOUT', 'COM_DL_LOSS_T'] as const;

const MAV_PARAM_TYPE_REAL32 = 9;
const MAV_PARAM_TYPE_REAL64 = 10;

/**
 * Name and value of a PARAM_VALUE frame (payload zero-padded to its 25 bytes by the framer).
 * Integer parameters travel two ways: ArduPilot casts them to float, PX4 copies their bytes
 * into the float field. A float that is not a whole number (a tiny denormal, for PX4's 10 s)
 * is read back as the int32 it carries.
 */
export function decodeParamValue(frame: MavlinkFrame): { name: string; value: number } | null {
  const p = frame.payload;
  if (frame.msgId !== PARAM_VALUE_ID || p.length < 25) return null;
  const view = new DataView(p.buffer, p.byteOffset, p.byteLength);
  let end = 8;
  while (end < 24 && p[end] !== 0) end++;
  const name = String.fromCharCode(...p.subarray(8, end));
  const type = p[24] as number;
  const asFloat = view.getFloat32(0, true);
  const isFloatType = type === MAV_PARAM_TYPE_REAL32 || type === MAV_PARAM_TYPE_REAL64;
  const value =
    isFloatType || (Number.isFinite(asFloat) && Number.isInteger(asFloat))
      ? asFloat
      : view.getInt32(0, true);
  return { name, value: Math.round(value * 1e6) / 1e6 };
}
