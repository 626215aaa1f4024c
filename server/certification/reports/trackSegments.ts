import type { FlightEvent } from '../../../telemetry/model/flightEvent.js';
import type { FlightData } from '../flightData.js';
import { positionIndexAt } from '../series/positionAt.js';

export interface TrackPoint {
  tUs: number;
  latDeg: number;
  lonDeg: number;
  /** Null when the vehicle did not report it. */
  altMslM: number | null;
  altRelM: number | null;
}

/** A stretch of track flown in one mode. */
export interface TrackSegment {
  /** 'UNKNOWN' before the first mode the vehicle reported. */
  modeName: string;
  points: TrackPoint[];
}

export const UNKNOWN_MODE = 'UNKNOWN';

/**
 * The position track cut where the mode changes. Each segment starts with the last point of the
 * one before, so the drawn line has no gap at a mode change. Samples without a fix are skipped.
 */
export function trackSegments(flight: FlightData): TrackSegment[] {
  const position = flight.series.position;
  if (!position) return [];
  const timeline = flight.modeTimeline;
  const segments: TrackSegment[] = [];
  let modeIndex = -1;
  let current = null as TrackSegment | null;
  for (let i = 0; i < position.tUs.length; i++) {
    const latDeg = position.latDeg[i] as number;
    const lonDeg = position.lonDeg[i] as number;
    if (Number.isNaN(latDeg) || Number.isNaN(lonDeg)) continue;
    const tUs = position.tUs[i] as number;
    while (modeIndex + 1 < timeline.length && (timeline[modeIndex + 1]?.tUs as number) <= tUs) {
      modeIndex++;
    }
    const modeName = timeline[modeIndex]?.modeName ?? UNKNOWN_MODE;
    const point: TrackPoint = {
      tUs,
      latDeg,
      lonDeg,
      altMslM: nullIfNaN(position.altMslM[i] as number),
      altRelM: nullIfNaN(position.altRelM[i] as number),
    };
    if (!current || current.modeName !== modeName) {
      const joint: TrackPoint | undefined = current?.points[current.points.length - 1];
      current = { modeName, points: joint ? [joint] : [] };
      segments.push(current);
    }
    current.points.push(point);
  }
  return segments;
}

export interface LocatedEvent {
  event: FlightEvent;
  latDeg: number;
  lonDeg: number;
  altMslM: number | null;
}

/** How stale a position may be and still place an event on the map [s]. */
const EVENT_POSITION_MAX_AGE_S = 5;

/** Events placed where the vehicle was when they happened; events with no recent fix are left out. */
export function locatedEvents(flight: FlightData): LocatedEvent[] {
  const position = flight.series.position;
  if (!position) return [];
  const located: LocatedEvent[] = [];
  for (const event of flight.events) {
    const i = positionIndexAt(flight, event.tUs, EVENT_POSITION_MAX_AGE_S);
    if (i < 0) continue;
    const latDeg = position.latDeg[i] as number;
    const lonDeg = position.lonDeg[i] as number;
    if (Number.isNaN(latDeg) || Number.isNaN(lonDeg)) continue;
    located.push({ event, latDeg, lonDeg, altMslM: nullIfNaN(position.altMslM[i] as number) });
  }
  return located;
}

function nullIfNaN(value: number): number | null {
  return Number.isNaN(value) ? null : value;
}
