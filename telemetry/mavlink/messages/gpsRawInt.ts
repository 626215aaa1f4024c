import { i32, u16, u64, u8 } from '../wire.js';

export const GPS_RAW_INT_ID = 24;

export interface GpsRawInt {
  /** Unix epoch or time since boot [µs], as the autopilot chose. */
  timeUs: number;
  latE7: number;
  lonE7: number;
  altMslMm: number;
  /** HDOP ×100; UINT16_MAX = unknown */
  eph: number;
  /** VDOP ×100; UINT16_MAX = unknown */
  epv: number;
  /** [cm/s]; UINT16_MAX = unknown */
  velCmps: number;
  /** [cdeg]; UINT16_MAX = unknown */
  cogCdeg: number;
  /** GPS_FIX_TYPE */
  fixType: number;
  /** UINT8_MAX = unknown */
  satellitesVisible: number;
}

export function decodeGpsRawInt(p: Uint8Array): GpsRawInt {
  return {
    timeUs: u64(p, 0),
    latE7: i32(p, 8),
    lonE7: i32(p, 12),
    altMslMm: i32(p, 16),
    eph: u16(p, 20),
    epv: u16(p, 22),
    velCmps: u16(p, 24),
    cogCdeg: u16(p, 26),
    fixType: u8(p, 28),
    satellitesVisible: u8(p, 29),
  };
}
