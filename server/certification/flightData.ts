import { modeName } from '../../telemetry/mavlink/modeNames.js';
import type { FlightEvent } from '../../telemetry/model/flightEvent.js';
import type { LinkStats } from '../../telemetry/model/linkStats.js';
import type { AnySample } from '../../telemetry/model/sample.js';
import {
  SAMPLE_KINDS,
  type ChannelOf,
  type SampleKind,
} from '../../telemetry/model/sampleKinds.js';

/**
 * One kind's samples as columns aligned on `tUs` (µs since epoch, ascending), one Float64Array per
 * channel named exactly as in telemetry/model/sampleKinds.ts. A value the message left unknown
 * (null in the sample) is NaN here: criteria must treat NaN as missing, never as a number.
 */
export type KindColumns<K extends SampleKind> = { readonly tUs: Float64Array } & {
  readonly [C in ChannelOf<K>]: Float64Array;
};

export type FlightSeries = { readonly [K in SampleKind]?: KindColumns<K> };

/** The flight mode from `tUs` on, by the normaliser's names ('AUTO.RTL', 'LOITER', …). */
export interface ModeChange {
  tUs: number;
  modeName: string;
}

export interface HomePosition {
  latDeg: number;
  lonDeg: number;
  altMslM: number | null;
}

/** A mission waypoint the path-tracking criterion measures legs between. */
export interface MissionWaypoint {
  seq: number;
  latDeg: number;
  lonDeg: number;
  altRelM: number | null;
}

/** One flight of one vehicle as criteria see it. */
export interface FlightData {
  sysId: number | null;
  /** First and last instant of the flight [µs since epoch]. */
  startUs: number;
  endUs: number;
  series: FlightSeries;
  /** Sorted by tUs. */
  events: FlightEvent[];
  /** Sorted by tUs; each entry holds until the next. */
  modeTimeline: ModeChange[];
  home: HomePosition | null;
  /** Link counters over the whole flight, as the ground-link measured them. */
  link: LinkStats | null;
  missionWaypoints: MissionWaypoint[];
  /**
   * Vehicle parameters heard in PARAM_VALUE (only the few criteria read, e.g. FS_GCS_TIMEOUT,
   * COM_DL_LOSS_T), by name; the last value heard wins.
   */
  vehicleParams: Readonly<Record<string, number>>;
}

export interface HeartbeatModeFields {
  autopilot: number;
  mavType: number;
  baseMode: number;
  customMode: number;
}

export interface FlightDataExtras {
  /** Mode timeline when known from elsewhere; wins over heartbeats and events. */
  modeTimeline?: ModeChange[];
  /** Names a heartbeat's mode; telemetry's modeName by default. */
  modeNameOf?: (heartbeat: HeartbeatModeFields) => string | null;
  home?: HomePosition | null;
  link?: LinkStats | null;
  missionWaypoints?: MissionWaypoint[];
  vehicleParams?: Readonly<Record<string, number>>;
  startUs?: number;
  endUs?: number;
}

/** Builds the columnar flight from stored samples and events (any order). */
export function flightDataFromSamples(
  samples: readonly AnySample[],
  events: readonly FlightEvent[],
  extras: FlightDataExtras = {},
): FlightData {
  const byKind = new Map<SampleKind, AnySample[]>();
  for (const sample of samples) {
    let list = byKind.get(sample.kind);
    if (!list) byKind.set(sample.kind, (list = []));
    list.push(sample);
  }
  const series: Partial<Record<SampleKind, Record<string, Float64Array>>> = {};
  let firstUs = Infinity;
  let lastUs = -Infinity;
  for (const [kind, list] of byKind) {
    list.sort((a, b) => a.tUs - b.tUs);
    const columns: Record<string, Float64Array> = { tUs: new Float64Array(list.length) };
    const channels = SAMPLE_KINDS[kind] as readonly string[];
    for (const channel of channels) columns[channel] = new Float64Array(list.length);
    list.forEach((sample, i) => {
      (columns.tUs as Float64Array)[i] = sample.tUs;
      const values = sample.values as Record<string, number | null>;
      for (const channel of channels) {
        (columns[channel] as Float64Array)[i] = values[channel] ?? Number.NaN;
      }
    });
    series[kind] = columns;
    firstUs = Math.min(firstUs, (list[0] as AnySample).tUs);
    lastUs = Math.max(lastUs, (list[list.length - 1] as AnySample).tUs);
  }
  const sortedEvents = [...events].sort((a, b) => a.tUs - b.tUs);
  for (const event of sortedEvents) {
    firstUs = Math.min(firstUs, event.tUs);
    lastUs = Math.max(lastUs, event.tUs);
  }
  const flightSeries = series as FlightSeries;
  return {
    sysId: samples[0]?.sysId ?? sortedEvents[0]?.sysId ?? null,
    startUs: extras.startUs ?? (Number.isFinite(firstUs) ? firstUs : 0),
    endUs: extras.endUs ?? (Number.isFinite(lastUs) ? lastUs : 0),
    series: flightSeries,
    events: sortedEvents,
    modeTimeline: extras.modeTimeline
      ? [...extras.modeTimeline].sort((a, b) => a.tUs - b.tUs)
      : modeTimelineFrom(flightSeries, sortedEvents, extras.modeNameOf),
    home: extras.home !== undefined ? extras.home : homeFrom(flightSeries, sortedEvents),
    link: extras.link ?? null,
    missionWaypoints: extras.missionWaypoints ?? [],
    vehicleParams: extras.vehicleParams ?? {},
  };
}

/**
 * Heartbeats named by `modeNameOf` merged with the `mode-change` events. Heartbeats give the
 * mode before the first change; events also come from onboard logs merged in after a link loss,
 * when no heartbeat reached the ground. Consecutive repeats collapse into one entry.
 */
export function modeTimelineFrom(
  series: FlightSeries,
  events: readonly FlightEvent[],
  modeNameOf: (heartbeat: HeartbeatModeFields) => string | null = defaultModeNameOf,
): ModeChange[] {
  const observed: ModeChange[] = [];
  const heartbeat = series.heartbeat;
  if (heartbeat) {
    for (let i = 0; i < heartbeat.tUs.length; i++) {
      const fields = {
        autopilot: heartbeat.autopilot[i] as number,
        mavType: heartbeat.mavType[i] as number,
        baseMode: heartbeat.baseMode[i] as number,
        customMode: heartbeat.customMode[i] as number,
      };
      if (Object.values(fields).some(Number.isNaN)) continue;
      const name = modeNameOf(fields);
      if (name !== null) observed.push({ tUs: heartbeat.tUs[i] as number, modeName: name });
    }
  }
  for (const event of events) {
    if (event.type !== 'mode-change') continue;
    const name = event.data.modeName ?? event.data.to;
    if (typeof name === 'string' && name !== '') observed.push({ tUs: event.tUs, modeName: name });
  }
  observed.sort((a, b) => a.tUs - b.tUs);
  const timeline: ModeChange[] = [];
  for (const change of observed) {
    if (timeline[timeline.length - 1]?.modeName !== change.modeName) timeline.push(change);
  }
  return timeline;
}

function defaultModeNameOf(heartbeat: HeartbeatModeFields): string {
  return modeName(heartbeat.autopilot, heartbeat.mavType, heartbeat.baseMode, heartbeat.customMode);
}

/** HOME_POSITION if the vehicle sent one, else the position when it armed. */
function homeFrom(series: FlightSeries, events: readonly FlightEvent[]): HomePosition | null {
  const home = series.home;
  if (home) {
    for (let i = home.tUs.length - 1; i >= 0; i--) {
      const latDeg = home.homeLatDeg[i] as number;
      const lonDeg = home.homeLonDeg[i] as number;
      if (!Number.isNaN(latDeg) && !Number.isNaN(lonDeg)) {
        const altMslM = home.homeAltMslM[i] as number;
        return { latDeg, lonDeg, altMslM: Number.isNaN(altMslM) ? null : altMslM };
      }
    }
  }
  const position = series.position;
  const armUs = events.find((event) => event.type === 'arm')?.tUs;
  if (!position || position.tUs.length === 0) return null;
  let index = 0;
  if (armUs !== undefined) {
    while (index < position.tUs.length - 1 && (position.tUs[index] as number) < armUs) index++;
  }
  for (let i = index; i < position.tUs.length; i++) {
    const latDeg = position.latDeg[i] as number;
    const lonDeg = position.lonDeg[i] as number;
    if (!Number.isNaN(latDeg) && !Number.isNaN(lonDeg)) {
      const altMslM = position.altMslM[i] as number;
      return { latDeg, lonDeg, altMslM: Number.isNaN(altMslM) ? null : altMslM };
    }
  }
  return null;
}
