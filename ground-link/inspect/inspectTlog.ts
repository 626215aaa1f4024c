import { minimal } from 'mavlink-mappings';
import { decodeHeartbeat, HEARTBEAT_ID } from '../../telemetry/mavlink/messages/heartbeat.js';
import { Normaliser } from '../../telemetry/mavlink/normaliser.js';
import { readTlog } from '../../telemetry/tlog/readTlog.js';
import { TlogRecordSplitter } from '../../telemetry/tlog/tlogRecordSplitter.js';
import { FlightTracker } from './flightTracker.js';
import {
  noNotableEvents,
  noteEvent,
  type LogInspection,
  type NotableEvents,
  type VehicleInspection,
} from './inspection.js';

export type { VehicleInspection } from './inspection.js';
/** A .tlog's inspection: the shape every log format's inspection has. */
export type TlogInspection = LogInspection;

/** Error or worse (MAV_SEVERITY 0 … 3). */
const ERROR_SEVERITY = 3;

/** Normalise this many records, then fold the samples into the trackers (bounded memory). */
const RECORDS_PER_FOLD = 4096;

/**
 * Reads a .tlog offline, in constant memory, and summarises it per vehicle: its flights (arm →
 * disarm) with their modes, heights, track and speeds, and what the file holds besides.
 */
export async function inspectTlog(path: string): Promise<LogInspection> {
  const splitter = new TlogRecordSplitter();
  const normaliser = new Normaliser();
  const trackers = new Map<number, FlightTracker>();
  const groundStations = new Map<number, { sysId: number; compId: number }>();
  const notable = new Map<number, { failsafes: NotableEvents; errors: NotableEvents }>();
  const sampleCounts = new Map<number, Record<string, number>>();
  let firstUs: number | null = null;
  let lastUs: number | null = null;
  let sinceFold = 0;

  const fold = (): void => {
    for (const sample of normaliser.takeSamples()) {
      const key = (sample.sysId << 8) | sample.compId;
      let tracker = trackers.get(key);
      if (!tracker) trackers.set(key, (tracker = new FlightTracker()));
      tracker.add(sample);
      let counts = sampleCounts.get(key);
      if (!counts) sampleCounts.set(key, (counts = {}));
      counts[sample.kind] = (counts[sample.kind] ?? 0) + 1;
    }
    for (const event of normaliser.takeEvents()) {
      const key = (event.sysId << 8) | event.compId;
      let lists = notable.get(key);
      if (!lists)
        notable.set(key, (lists = { failsafes: noNotableEvents(), errors: noNotableEvents() }));
      if (event.type === 'failsafe') noteEvent(lists.failsafes, event.tUs, event.message);
      else if (event.type === 'text' && event.severity <= ERROR_SEVERITY) {
        noteEvent(lists.errors, event.tUs, event.message);
      }
    }
  };

  for await (const record of readTlog(path, splitter)) {
    firstUs ??= record.tUs;
    lastUs = record.tUs;
    const { frame } = record;
    if (
      frame.msgId === HEARTBEAT_ID &&
      decodeHeartbeat(frame.payload).mavType === minimal.MavType.GCS
    ) {
      groundStations.set((frame.sysId << 8) | frame.compId, {
        sysId: frame.sysId,
        compId: frame.compId,
      });
    }
    normaliser.ingest(frame, record.tUs);
    if (++sinceFold >= RECORDS_PER_FOLD) {
      fold();
      sinceFold = 0;
    }
  }
  normaliser.finish();
  fold();

  const linkStats = new Map(normaliser.linkStats().map((s) => [(s.sysId << 8) | s.compId, s]));
  const vehicles: VehicleInspection[] = normaliser
    .vehicles()
    .map((vehicle) => {
      const key = (vehicle.sysId << 8) | vehicle.compId;
      const tracker = trackers.get(key) ?? new FlightTracker();
      tracker.finish();
      const stats = linkStats.get(key);
      return {
        sysId: vehicle.sysId,
        compId: vehicle.compId,
        mavType: vehicle.mavType,
        autopilot: vehicle.autopilot,
        positionSamples: tracker.positionSamples,
        sampleCounts: sampleCounts.get(key) ?? {},
        framesReceived: stats?.framesReceived ?? 0,
        framesLost: stats?.framesLost ?? 0,
        flights: tracker.flights,
        failsafes: notable.get(key)?.failsafes ?? noNotableEvents(),
        errors: notable.get(key)?.errors ?? noNotableEvents(),
      };
    })
    .sort((a, b) => a.sysId - b.sysId || a.compId - b.compId);

  return {
    path,
    format: 'tlog',
    timeSource: 'ground-clock',
    firstUs,
    lastUs,
    ...splitter.stats,
    readErrors: [],
    recordCounts: {},
    notes: [],
    vehicles,
    groundStations: [...groundStations.values()].sort((a, b) => a.sysId - b.sysId),
  };
}
