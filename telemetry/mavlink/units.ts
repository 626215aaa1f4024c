/** Conversions from MAVLink wire units, turning the spec's "unknown" sentinels into null. */

export const UINT8_UNKNOWN = 0xff;
export const UINT16_UNKNOWN = 0xffff;
const RAD_TO_DEG = 180 / Math.PI;

/** NaN and ±Infinity are not values (a float field the sender left unset). */
export function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

export function scaledOrNull(raw: number, unknown: number, scale: number): number | null {
  return raw === unknown ? null : raw * scale;
}

export function degFromRad(rad: number): number | null {
  return finiteOrNull(rad * RAD_TO_DEG);
}

export function degFromE7(e7: number): number {
  return e7 / 1e7;
}
