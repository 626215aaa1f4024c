import type { FlightSummary } from './flightTracker.js';

/** An event worth listing (failsafe, error), with how many there were in all. */
export interface NotableEvents {
  count: number;
  /** The first ones, in time order. */
  first: { tUs: number; message: string }[];
}

export interface VehicleInspection {
  sysId: number;
  compId: number;
  mavType: number | null;
  autopilot: number | null;
  /** Position samples over the whole log. */
  positionSamples: number;
  /** Normalised samples per kind over the whole log. */
  sampleCounts: Record<string, number>;
  /** MAVLink frames heard (.tlog) or records written (DataFlash). */
  framesReceived: number;
  /** Frames missing from the sequence numbers (.tlog) or records the logger dropped (DataFlash). */
  framesLost: number;
  flights: FlightSummary[];
  failsafes: NotableEvents;
  /** Messages of severity error or worse, and ERR records of DataFlash logs. */
  errors: NotableEvents;
}

/** What `sortie-link inspect` reports for any log format, .tlog, DataFlash .bin (and later .ulg). */
export interface LogInspection {
  path: string;
  format: 'tlog' | 'dataflash';
  /**
   * What the times are: the ground receive clock (.tlog), UTC from the vehicle's GPS clock, or
   * time since boot counted from 1970-01-01 when a log has no GPS time.
   */
  timeSource: 'ground-clock' | 'gps-utc' | 'boot-time';
  /** First and last record [µs since Unix epoch], null for an empty log. */
  firstUs: number | null;
  lastUs: number | null;
  /** MAVLink frames (.tlog) or records (DataFlash). */
  frames: number;
  badCrcFrames: number;
  /** Bytes that are not part of any frame or record. */
  junkBytes: number;
  /** Frames of unknown message ids (.tlog), record headers of undeclared types (DataFlash). */
  unknownMessages: number;
  /** Problems in the file with their byte offset (the first ones; DataFlash). */
  readErrors: { offset: number; message: string }[];
  /** Records per type (DataFlash). */
  recordCounts: Record<string, number>;
  /** Sentences about how to read this report (inferred flights, the clock used …). */
  notes: string[];
  vehicles: VehicleInspection[];
  /** Ground stations whose HEARTBEAT is in the log. */
  groundStations: { sysId: number; compId: number }[];
}

const NOTABLE_KEPT = 20;

export function noteEvent(list: NotableEvents, tUs: number, message: string): void {
  list.count++;
  if (list.first.length < NOTABLE_KEPT) list.first.push({ tUs, message });
}

export function noNotableEvents(): NotableEvents {
  return { count: 0, first: [] };
}
