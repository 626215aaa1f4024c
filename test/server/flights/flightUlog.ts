import { MSG_ID, px4Writer } from '../../telemetry/ulog/ulogWriter.js';

/** Boot µs of the first message of every log made here (PX4 starts its logger a few s after boot). */
export const LOG_START_BOOT_US = 5_000_000;

export interface FlightUlogOptions {
  /** UTC of the vehicle's boot [µs]: the GPS gives UTC − boot, the log's times are boot times. */
  utcAtBootUs: number;
  /** Flights as [arm, disarm] in s after LOG_START_BOOT_US; each climbs to 20 m and back. */
  flights: [number, number][];
  /** Seconds the log runs on after the last disarm. */
  tailS?: number;
  /** Where the vehicle switches to RTL (nav_state 5), in s after the log's start. */
  rtlAtS?: number;
  /** Leave the GPS out: the log's times stay boot times. */
  noGps?: boolean;
}

/** Height of the test flights [m] at `s` seconds into a flight of `lengthS` (up, hold, down). */
export function flightHeightM(s: number, lengthS: number): number {
  const rampS = Math.min(10, lengthS / 3);
  if (s <= 0 || s >= lengthS) return 0;
  if (s < rampS) return (20 * s) / rampS;
  if (s > lengthS - rampS) return (20 * (lengthS - s)) / rampS;
  return 20;
}

/**
 * A PX4 ULog of flights written with the test ULog writer (from the format spec): status at
 * 1 Hz (arming, nav_state), global position and attitude at 5 Hz, GPS with UTC at 1 Hz, home
 * at 500 m AMSL. MAV_SYS_ID is 7. Heights follow flightHeightM, so expected values are known.
 */
export function flightUlog(options: FlightUlogOptions): Uint8Array {
  const t0 = LOG_START_BOOT_US;
  const w = px4Writer(t0);
  const lastS = Math.max(...options.flights.map(([, d]) => d)) + (options.tailS ?? 5);
  const at = (s: number) => Math.round(t0 + s * 1e6);
  w.data(MSG_ID.home_position, {
    timestamp: at(0),
    lat: 34.6,
    lon: 127.2,
    alt: 500,
    z: 0,
    valid_alt: 1,
    valid_hpos: 1,
  });
  for (let tick = 0; tick <= lastS * 5; tick++) {
    const s = tick / 5;
    const flight = options.flights.find(([a, d]) => s >= a && s < d);
    const heightM = flight ? flightHeightM(s - flight[0], flight[1] - flight[0]) : 0;
    if (tick % 5 === 0) {
      const rtl = options.rtlAtS !== undefined && s >= options.rtlAtS;
      w.data(MSG_ID.vehicle_status, {
        timestamp: at(s),
        arming_state: flight ? 2 : 1,
        nav_state: rtl ? 5 : 2,
      });
      if (!options.noGps) {
        w.data(MSG_ID.vehicle_gps_position, {
          timestamp: at(s),
          time_utc_usec: options.utcAtBootUs + at(s),
          fix_type: 3,
          satellites_used: 14,
          lat: 346000000,
          lon: 1272000000,
          alt: (500 + heightM) * 1000,
        });
      }
    }
    w.data(MSG_ID.vehicle_global_position, {
      timestamp: at(s),
      lat: 34.6 + (flight ? (s - flight[0]) * 1e-5 : 0),
      lon: 127.2,
      alt: 500 + heightM,
    });
    w.data(MSG_ID.vehicle_attitude, { timestamp: at(s), q: [1, 0, 0, 0] });
  }
  return w.bytes();
}
