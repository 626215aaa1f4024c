import { minimal } from 'mavlink-mappings';
import { decodeHeartbeat, HEARTBEAT_ID } from '../../telemetry/mavlink/messages/heartbeat.js';
import { Normaliser } from '../../telemetry/mavlink/normaliser.js';
import { readTlog } from '../../telemetry/tlog/readTlog.js';
import { TlogRecordSplitter } from '../../telemetry/tlog/tlogRecordSplitter.js';
import { FlightTracker, type FlightSummary } from './flightTracker.js';

export interface VehicleInspection {
  sysId: number;
  compId: number;
  mavType: number | null;
  autopilot: number | null;
  /** GLOBAL_POSITION_INT samples over the whole log. */
  positionSamples: number;
  framesReceived: number;
  /** Lost as the sequence numbers show, and whole wraps silences hid (an estimate). */
  framesLostBySeq: number;
  framesLostEstimated: number;
  flights: FlightSummary[];
}

export interface TlogInspection {
  path: string;
  /** Ground time of the first and last record [µs since Unix epoch], null for an empty log. */
  firstUs: number | null;
  lastUs: number | null;
  frames: number;
  badCrcFrames: number;
  junkBytes: number;
  unknownMessages: number;
  /** Records whose timestamp was corrupt, timed by the record before them instead. */
  badTimestamps: number;
  /** Channel values outside their physical bounds, left unknown, per channel. */
  valuesOutOfBounds: Record<string, number>;
  vehicles: VehicleInspection[];
  /** Ground stations whose HEARTBEAT is in the log. */
  groundStations: { sysId: number; compId: number }[];
}

/** Normalise this many records, then fold the samples into the trackers (bounded memory). */
const RECORDS_PER_FOLD = 4096;

/**
 * Reads a .tlog offline, in constant memory, and summarises it per vehicle: its flights (arm →
 * disarm) with their modes, heights, track and speeds, and what the file holds besides.
 */
export async function inspectTlog(path: string): Promise<TlogInspection> {
  const splitter = new TlogRecordSplitter();
  const normaliser = new Normaliser();
  const trackers = new Map<number, FlightTracker>();
  const groundStations = new Map<number, { sysId: number; compId: number }>();
  let firstUs: number | null = null;
  let lastUs: number | null = null;
  let sinceFold = 0;

  const fold = (): void => {
    for (const sample of normaliser.takeSamples()) {
      const key = (sample.sysId << 8) | sample.compId;
      let tracker = trackers.get(key);
      if (!tracker) trackers.set(key, (tracker = new FlightTracker()));
      tracker.add(sample);
    }
    normaliser.takeEvents();
  };

  for await (const record of readTlog(path, splitter)) {
    const { frame } = record;
    const tUs = normaliser.ingest(frame, record.tUs);
    if (tUs !== null) {
      firstUs ??= tUs;
      lastUs = tUs;
    }
    if (
      frame.msgId === HEARTBEAT_ID &&
      decodeHeartbeat(frame.payload).mavType === minimal.MavType.GCS
    ) {
      groundStations.set((frame.sysId << 8) | frame.compId, {
        sysId: frame.sysId,
        compId: frame.compId,
      });
    }
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
        framesReceived: stats?.framesReceived ?? 0,
        framesLostBySeq: stats?.framesLostBySeq ?? 0,
        framesLostEstimated: stats?.framesLostEstimated ?? 0,
        flights: tracker.flights,
      };
    })
    .sort((a, b) => a.sysId - b.sysId || a.compId - b.compId);

  return {
    path,
    firstUs,
    lastUs,
    ...splitter.stats,
    badTimestamps: normaliser.badTimestamps,
    valuesOutOfBounds: { ...normaliser.valuesOutOfBounds },
    vehicles,
    groundStations: [...groundStations.values()].sort((a, b) => a.sysId - b.sysId),
  };
}
