import type { AnySample, Sample } from '../../telemetry/model/sample.js';
import { modeName } from '../../telemetry/mavlink/modeNames.js';

/** One flight: from arming to disarming. */
export interface FlightSummary {
  /** [µs since Unix epoch] */
  armUs: number;
  /** Null when the log ends with the vehicle still armed. */
  disarmUs: number | null;
  durationS: number;
  /** The mode at arming, then every change until disarming. */
  modes: { tUs: number; mode: string }[];
  maxAltRelM: number | null;
  /** Horizontal length of the reported track [m]. */
  trackLengthM: number;
  positionSamples: number;
  maxGroundSpeedMps: number | null;
  /** How the flight's start is known: arming, the log starting armed, or motion (no arming records). */
  startedBy: 'arm' | 'log-start' | 'motion';
  /** How its end is known: disarming, the end of the log, or the vehicle coming to rest. */
  endedBy: 'disarm' | 'log-end' | 'motion';
}

export function newFlight(
  tUs: number,
  mode: string | null,
  startedBy: FlightSummary['startedBy'],
): FlightSummary {
  return {
    armUs: tUs,
    disarmUs: null,
    durationS: 0,
    modes: mode === null ? [] : [{ tUs, mode }],
    maxAltRelM: null,
    trackLengthM: 0,
    positionSamples: 0,
    maxGroundSpeedMps: null,
    startedBy,
    endedBy: 'log-end',
  };
}

export type TrackPoint = { latDeg: number; lonDeg: number } | null;

/** Adds one position sample to a flight; returns the track's new last fixed point. */
export function addPosition(
  flight: FlightSummary,
  values: Sample<'position'>['values'],
  lastPoint: TrackPoint,
): TrackPoint {
  const { latDeg, lonDeg, altRelM, vnMps, veMps } = values;
  flight.positionSamples++;
  if (altRelM !== null) flight.maxAltRelM = Math.max(flight.maxAltRelM ?? -Infinity, altRelM);
  if (vnMps !== null && veMps !== null) {
    flight.maxGroundSpeedMps = Math.max(flight.maxGroundSpeedMps ?? 0, Math.hypot(vnMps, veMps));
  }
  if (latDeg === null || lonDeg === null) return lastPoint;
  if (lastPoint) {
    flight.trackLengthM += groundDistanceM(lastPoint.latDeg, lastPoint.lonDeg, latDeg, lonDeg);
  }
  return { latDeg, lonDeg };
}

const EARTH_RADIUS_M = 6_371_008.8;

/** Distance along the ground between two points [m] (haversine; exact enough below 100 km). */
export function groundDistanceM(latA: number, lonA: number, latB: number, lonB: number): number {
  const toRad = Math.PI / 180;
  const dLat = (latB - latA) * toRad;
  const dLon = (lonB - lonA) * toRad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(latA * toRad) * Math.cos(latB * toRad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Follows one vehicle's samples and cuts them into flights at arm and disarm, as the HEARTBEAT
 * reports them (so a log that starts armed still has its flight).
 */
export class FlightTracker {
  readonly flights: FlightSummary[] = [];
  positionSamples = 0;
  mavType: number | null = null;
  autopilot: number | null = null;
  private current: FlightSummary | null = null;
  private mode: string | null = null;
  private lastPoint: TrackPoint = null;
  private lastTUs = 0;

  add(sample: AnySample): void {
    this.lastTUs = sample.tUs;
    if (sample.kind === 'heartbeat') this.onHeartbeat(sample);
    else if (sample.kind === 'position') this.onPosition(sample);
  }

  /** End of log: a flight still open is kept, with no disarm time. */
  finish(): void {
    if (!this.current) return;
    this.current.durationS = (this.lastTUs - this.current.armUs) / 1e6;
    this.current = null;
  }

  private onHeartbeat(sample: Sample<'heartbeat'>): void {
    const v = sample.values;
    this.mavType = v.mavType;
    this.autopilot = v.autopilot;
    const mode = modeName(v.autopilot ?? 0, v.mavType ?? 0, v.baseMode ?? 0, v.customMode ?? 0);
    const modeChanged = mode !== this.mode;
    this.mode = mode;
    const armed = v.armed === 1;
    if (armed && !this.current) {
      this.current = newFlight(sample.tUs, mode, 'arm');
      this.flights.push(this.current);
      this.lastPoint = null;
      return;
    }
    if (!this.current) return;
    if (modeChanged) this.current.modes.push({ tUs: sample.tUs, mode });
    if (!armed) {
      this.current.disarmUs = sample.tUs;
      this.current.endedBy = 'disarm';
      this.current.durationS = (sample.tUs - this.current.armUs) / 1e6;
      this.current = null;
    }
  }

  private onPosition(sample: Sample<'position'>): void {
    this.positionSamples++;
    if (this.current) this.lastPoint = addPosition(this.current, sample.values, this.lastPoint);
  }
}
