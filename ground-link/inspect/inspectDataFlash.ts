import type { FlightEvent } from '../../telemetry/model/flightEvent.js';
import { SEVERITY } from '../../telemetry/mavlink/flightEvents.js';
import { decodeDataFlash } from '../../telemetry/dataflash/decodeDataFlash.js';
import { EventFlightTracker } from './eventFlightTracker.js';
import { formatInspection } from './formatInspection.js';
import type { TlogInspection } from './inspectTlog.js';

interface TimedText {
  tUs: number;
  message: string;
  source: string;
}

/** The .tlog report's shape, plus what only an onboard DataFlash log can say. */
export interface DataFlashInspection extends TlogInspection {
  format: 'dataflash';
  /** Where the times come from: the GPS's UTC, or the vehicle's boot clock (no GPS time). */
  clock: 'gps-utc' | 'boot-time';
  /** GPS − UTC applied [s], null without GPS time. */
  leapSeconds: number | null;
  /** No arming records in the log: flights are inferred from motion. */
  flightsInferredFromMotion: boolean;
  /** The log begins with the vehicle armed (its first arming record is a disarm). */
  startsArmed: boolean;
  /** The log ends with the vehicle still armed. */
  endsArmed: boolean;
  /** The log ends inside a record (cut off). */
  truncated: boolean;
  skippedBytes: number;
  /** Damage and surprises, each with the byte offset where it starts. */
  errors: { offset: number; skippedBytes: number; message: string }[];
  errorCount: number;
  /** The first failsafes (ERR FAILSAFE_* records, failsafe messages), and how many there were. */
  failsafes: TimedText[];
  failsafeCount: number;
  /** The first faults the vehicle logged (ERR records, messages of error severity). */
  faults: TimedText[];
  faultCount: number;
  sampleCounts: Record<string, number>;
  /** Records per type. */
  recordCounts: Record<string, number>;
  /** Sentences about how to read this report. */
  notes: string[];
}

const MAX_LISTED = 100;
/** Error or worse (MAV_SEVERITY 0 … 3). */
const ERROR_SEVERITY = 3;

/** ERR records that report a fault, and messages of error severity that are not failsafes. */
function isFault(event: FlightEvent): boolean {
  if (event.type !== 'text' || event.data.failsafe === true) return false;
  if (event.data.source === 'ERR') return event.severity <= SEVERITY.warning;
  return event.severity <= ERROR_SEVERITY;
}

function timedText(event: FlightEvent): TimedText {
  return { tUs: event.tUs, message: event.message, source: String(event.data.source ?? '') };
}

/**
 * Reads an ArduPilot DataFlash .bin in constant memory into the report `inspect` prints for a
 * .tlog: one vehicle (the log's writer), its flights with their modes, heights and track, and
 * what is wrong in the file, with byte offsets.
 */
export async function inspectDataFlash(path: string): Promise<DataFlashInspection> {
  const tracker = new EventFlightTracker();
  const sampleCounts: Record<string, number> = {};
  const failsafes: TimedText[] = [];
  const faults: TimedText[] = [];
  let failsafeCount = 0;
  let faultCount = 0;
  const summary = await decodeDataFlash(path, ({ samples, events }) => {
    // Samples and events of one batch interleave in time: fold them in time order.
    let s = 0;
    const addSamplesBefore = (tUs: number) => {
      for (; s < samples.length && (samples[s]?.tUs ?? Infinity) < tUs; s++) {
        const sample = samples[s];
        if (!sample) continue;
        sampleCounts[sample.kind] = (sampleCounts[sample.kind] ?? 0) + 1;
        tracker.addSample(sample);
      }
    };
    for (const event of events) {
      addSamplesBefore(event.tUs);
      tracker.addEvent(event);
      if (event.type === 'failsafe') {
        if (failsafeCount++ < MAX_LISTED) failsafes.push(timedText(event));
      } else if (isFault(event)) {
        if (faultCount++ < MAX_LISTED) faults.push(timedText(event));
      }
    }
    addSamplesBefore(Infinity);
  });
  const flights = tracker.finish();
  const { stats, clock, vehicle } = summary;
  const first = flights[0];
  if (first?.startedBy === 'log-start' && summary.firstUs !== null) {
    // The log's first record, which may come before any sample or event.
    const endUs = first.armUs + first.durationS * 1e6;
    first.armUs = Math.min(first.armUs, summary.firstUs);
    first.durationS = (endUs - first.armUs) / 1e6;
  }

  const inferred = stats.records > 0 && !tracker.armingSeen;
  const notes: string[] = [];
  if (clock.utcMinusBootUs === null) {
    notes.push('the log has no GPS time: times are since boot, counted from 1970-01-01');
  } else {
    notes.push(`times are UTC from the GPS clock, ${clock.leapSeconds ?? 0} leap seconds applied`);
  }
  if (inferred) {
    notes.push(
      'the log records no arming or disarming: flights are inferred from motion ' +
        '(more than 1 m above home or faster than 3 m/s)',
    );
  }
  if (first?.startedBy === 'log-start') notes.push('the log starts armed: flight 1 begins with it');
  if (vehicle.vehicleClass === null && stats.records > 0) {
    notes.push('the firmware is not named in the log: modes are shown by number');
  }

  return {
    path,
    firstUs: summary.firstUs,
    lastUs: summary.lastUs,
    frames: stats.records,
    badCrcFrames: 0,
    junkBytes: stats.skippedBytes,
    unknownMessages: stats.unknownTypeHeaders,
    // Onboard logs carry the autopilot's own clock and values, not checked against bounds here.
    badTimestamps: 0,
    valuesOutOfBounds: {},
    vehicles:
      stats.records === 0
        ? []
        : [
            {
              sysId: vehicle.sysId,
              compId: vehicle.compId,
              mavType: vehicle.mavType,
              autopilot: vehicle.autopilot,
              positionSamples: tracker.positionSamples,
              framesReceived: stats.records,
              // DataFlash has no sequence numbers: what the logger itself counted as dropped.
              framesLostBySeq: vehicle.droppedRecords,
              framesLostEstimated: 0,
              flights,
            },
          ],
    groundStations: [],
    format: 'dataflash',
    clock: clock.utcMinusBootUs === null ? 'boot-time' : 'gps-utc',
    leapSeconds: clock.leapSeconds,
    flightsInferredFromMotion: inferred,
    startsArmed: first?.startedBy === 'log-start',
    endsArmed: vehicle.armed === true,
    truncated: stats.truncatedRecord !== null,
    skippedBytes: stats.skippedBytes,
    errors: stats.errors,
    errorCount: stats.errorCount,
    failsafes,
    failsafeCount,
    faults,
    faultCount,
    sampleCounts,
    recordCounts: summary.recordCounts,
    notes,
  };
}

function listed(label: string, count: number, items: TimedText[]): string[] {
  return [
    `  ${label}: ${count === 0 ? 'none' : count}`,
    ...items.map((e) => `    ${new Date(e.tUs / 1000).toISOString()} ${e.message} (${e.source})`),
  ];
}

/** The .tlog report's text, then the lines only a DataFlash log has. */
export function formatDataFlashInspection(report: DataFlashInspection): string {
  const samples = Object.entries(report.sampleCounts).map(([kind, n]) => `${kind} ${n}`);
  const lines = [
    formatInspection(report).trimEnd(),
    `  DataFlash: ${Object.keys(report.recordCounts).length} record types, ` +
      `${report.vehicles[0]?.framesLostBySeq ?? 0} records dropped by the logger` +
      `${report.truncated ? ', ends inside a record (cut off)' : ''}`,
    `  samples: ${samples.length === 0 ? 'none' : samples.join(', ')}`,
    ...report.notes.map((note) => `  note: ${note}`),
    ...listed('failsafes', report.failsafeCount, report.failsafes),
    ...listed('faults', report.faultCount, report.faults),
    `  errors: ${report.errorCount === 0 ? 'none' : report.errorCount}`,
    ...report.errors.map((e) => `    at byte ${e.offset}: ${e.message}`),
  ];
  return lines.join('\n') + '\n';
}
