import type { AnySample, Sample } from '../../telemetry/model/sample.js';
import { UlogNormaliser } from '../../telemetry/ulog/ulogNormaliser.js';
import { readUlogFile, type UlogProblem } from '../../telemetry/ulog/ulogReader.js';
import { findUlogUtcOffsetUs } from '../../telemetry/ulog/ulogUtcOffset.js';
import { FlightTracker } from './flightTracker.js';
import { formatInspection } from './formatInspection.js';
import type { TlogInspection } from './inspectTlog.js';

/** The .tlog report's shape, plus what only an onboard log can say. */
export interface UlogInspection extends TlogInspection {
  format: 'ulog';
  /** Where the times come from: the GPS's UTC, or the vehicle's boot clock (no GPS time). */
  clock: 'gps-utc' | 'boot-time';
  /** No vehicle_status in the log: flights are inferred from motion. */
  flightsInferredFromMotion: boolean;
  /** The log ends with the vehicle still armed. */
  endsArmed: boolean;
  dataAppended: boolean;
  truncated: boolean;
  skippedBytes: number;
  /** Damage and surprises, each with the byte offset where it starts. */
  errors: UlogProblem[];
  errorCount: number;
  /** The first failsafes (at most 100), and how many there were. */
  failsafes: { tUs: number; message: string; source: string }[];
  failsafeCount: number;
  sampleCounts: Record<string, number>;
  /** Data messages per topic instance, `topic/multiId`. */
  topicCounts: Record<string, number>;
}

const MAX_FAILSAFES_LISTED = 100;
/** Motion that counts as flying when the log has no arming record. */
const MOVING_SPEED_MPS = 1;
const MOVING_CLIMB_MPS = 0.5;
/** Still this long ends an inferred flight. */
const STILL_ENDS_FLIGHT_US = 10_000_000;

/**
 * Cuts flights out of motion, for logs without vehicle_status: landed state where the log has
 * vehicle_land_detected, else speed. It feeds the FlightTracker the heartbeat samples that an
 * armed/disarmed vehicle would have sent, so both kinds of flight are summed up alike.
 */
class MotionFlights {
  readonly tracker = new FlightTracker();
  private flying = false;
  private lastMovingUs = 0;
  private landedKnown = false;

  add(sample: AnySample): void {
    if (sample.kind === 'extendedState') this.onLanded(sample);
    else if (sample.kind === 'position') this.onPosition(sample);
    if (sample.kind !== 'heartbeat') this.tracker.add(sample);
  }

  private onLanded(sample: Sample<'extendedState'>): void {
    this.landedKnown = true;
    this.set(sample.values.landedState === 2, sample);
  }

  private onPosition(sample: Sample<'position'>): void {
    if (this.landedKnown) return;
    const { vnMps, veMps, vdMps } = sample.values;
    const moving =
      (vnMps !== null && veMps !== null && Math.hypot(vnMps, veMps) > MOVING_SPEED_MPS) ||
      (vdMps !== null && Math.abs(vdMps) > MOVING_CLIMB_MPS);
    if (moving) this.lastMovingUs = sample.tUs;
    this.set(
      moving || (this.flying && sample.tUs - this.lastMovingUs < STILL_ENDS_FLIGHT_US),
      sample,
    );
  }

  private set(flying: boolean, at: AnySample): void {
    if (flying === this.flying) return;
    this.flying = flying;
    this.tracker.add({
      kind: 'heartbeat',
      tUs: at.tUs,
      bootMs: at.bootMs,
      sysId: at.sysId,
      compId: at.compId,
      values: {
        armed: flying ? 1 : 0,
        baseMode: 0,
        customMode: 0,
        systemStatus: null,
        mavType: null,
        autopilot: null,
      },
    });
  }
}

/**
 * Reads a PX4 .ulg offline, in constant memory, into the report `inspect` prints for a .tlog:
 * per vehicle its flights (arm → disarm from vehicle_status) with modes, heights and track.
 */
export async function inspectUlog(path: string): Promise<UlogInspection> {
  const utcOffsetUs = await findUlogUtcOffsetUs(path);
  const tracker = new FlightTracker();
  const motion = new MotionFlights();
  const failsafes: UlogInspection['failsafes'] = [];
  let failsafeCount = 0;
  let firstUs: number | null = null;
  let lastUs: number | null = null;
  const normaliser = new UlogNormaliser({
    utcOffsetUs: utcOffsetUs ?? 0,
    onBatch: (samples, events) => {
      for (const sample of samples) {
        firstUs ??= sample.tUs;
        lastUs = sample.tUs;
        tracker.add(sample);
        motion.add(sample);
      }
      for (const event of events) {
        if (event.type !== 'failsafe') continue;
        failsafeCount++;
        if (failsafes.length < MAX_FAILSAFES_LISTED) {
          failsafes.push({
            tUs: event.tUs,
            message: event.message,
            source: String(event.data.source ?? ''),
          });
        }
      }
    },
  });
  const read = await readUlogFile(path, normaliser);
  normaliser.flush();
  tracker.finish();
  motion.tracker.finish();

  const inferred = !normaliser.statusSeen;
  const used = inferred ? motion.tracker : tracker;
  const hasVehicle = read.isUlog && read.dataMessages > 0;
  const topicCounts: Record<string, number> = {};
  for (const sub of read.subscriptions) topicCounts[`${sub.topic}/${sub.multiId}`] = sub.count;
  return {
    path,
    format: 'ulog',
    clock: utcOffsetUs === null ? 'boot-time' : 'gps-utc',
    firstUs,
    lastUs,
    frames: read.dataMessages,
    badCrcFrames: 0,
    junkBytes: read.skippedBytes,
    unknownMessages: read.unknownMessages,
    // Onboard logs carry the autopilot's own clock and values, not checked against bounds here.
    badTimestamps: 0,
    valuesOutOfBounds: {},
    vehicles: hasVehicle
      ? [
          {
            sysId: normaliser.sysId,
            compId: 1,
            mavType: used.mavType ?? tracker.mavType,
            autopilot: 12,
            positionSamples: used.positionSamples,
            framesReceived: read.dataMessages,
            framesLostBySeq: 0,
            framesLostEstimated: 0,
            flights: used.flights,
          },
        ]
      : [],
    groundStations: [],
    flightsInferredFromMotion: inferred,
    endsArmed: !inferred && normaliser.armed,
    dataAppended: read.dataAppended,
    truncated: read.truncated,
    skippedBytes: read.skippedBytes,
    errors: read.problems,
    errorCount: read.problemCount,
    failsafes,
    failsafeCount,
    sampleCounts: Object.fromEntries(normaliser.sampleCounts),
    topicCounts,
  };
}

/** The .tlog report's text, then the lines only a ULog has. */
export function formatUlogInspection(report: UlogInspection): string {
  const lines = [formatInspection(report).trimEnd()];
  lines.push(
    `  ULog: times from ${report.clock === 'gps-utc' ? 'GPS UTC' : 'the boot clock (no GPS time in the log)'}` +
      `${report.dataAppended ? ', data appended after the log' : ''}${report.truncated ? ', ends inside a message (cut off)' : ''}`,
  );
  const samples = Object.entries(report.sampleCounts).map(([kind, n]) => `${kind} ${n}`);
  lines.push(`  samples: ${samples.length === 0 ? 'none' : samples.join(', ')}`);
  if (report.flightsInferredFromMotion) {
    lines.push('  no arming records in this log: flights are inferred from motion');
  }
  if (report.endsArmed) lines.push('  the log ends with the vehicle still armed');
  lines.push(`  failsafes: ${report.failsafeCount === 0 ? 'none' : report.failsafeCount}`);
  for (const f of report.failsafes)
    lines.push(`    ${new Date(f.tUs / 1000).toISOString()} ${f.message} (${f.source})`);
  lines.push(`  errors: ${report.errorCount === 0 ? 'none' : report.errorCount}`);
  for (const e of report.errors) lines.push(`    at byte ${e.offset}: ${e.message}`);
  return lines.join('\n') + '\n';
}
