import { type Connection } from 'mongoose';
import { EntityId } from '../store/ids.js';
import { decodeTlogBatches } from '../../telemetry/mavlink/decodeTlog.js';
import type { FlightEvent, FlightEventType } from '../../telemetry/model/flightEvent.js';
import type { AnySample } from '../../telemetry/model/sample.js';
import type { FlightData } from '../certification/flightData.js';
import { loadStoredFlightData } from '../store/certification/loadStoredFlightData.js';
import { badRequest, conflict, HttpError, notFound, unprocessable } from '../http/httpError.js';
import { getModels } from '../store/models/models.js';
import {
  eventId,
  flightEventsCollection,
  type StoredFlightEvent,
} from '../store/flights/flightEventStore.js';
import { flightStorageCollection } from '../store/flights/flightStorage.js';
import {
  alignClocks,
  ClockAlignmentError,
  ClockWitnessCollector,
  type ClockWitness,
} from './import/clockAlignment.js';
import {
  describeOtherFile,
  ONBOARD_LOG_FORMAT_LABELS,
  readerFor,
  type OnboardLogProblem,
} from './import/onboardLogFormats.js';
import {
  keepOnboardLog,
  listOnboardLogs as listOnboardLogFiles,
  type ClockAlignmentEvidence,
  type OnboardLogMetadata,
} from './import/onboardLogFiles.js';
import type { ReceivedUpload } from './import/receiveUpload.js';
import type { Db } from '../store/driver.js';
import { openRawTlogStream } from '../store/flights/openRawTlogStream.js';

export { ONBOARD_LOG_BUCKET } from './import/onboardLogFiles.js';

/**
 * Nothing heard from the vehicle for longer than this is a silence the onboard log may fill [s]:
 * two periods of the usual 1 Hz heartbeat, well above the gaps of a busy but working link.
 */
export const SILENCE_S = 2;

/** What the vehicle's own log tells that live telemetry cannot, once the link was down. */
const MERGED_TYPES: ReadonlySet<FlightEventType> = new Set([
  'mode-change',
  'text',
  'failsafe',
  'arm',
  'disarm',
]);

/** MAVLink v1 and v2 start bytes, right after a .tlog record's 8-byte time. */
const TLOG_FRAME_STARTS = new Set([0xfe, 0xfd]);

export interface OnboardLogMerge {
  /** SHA-256 of the log's bytes, hex; every merged event carries it, the log is kept under it. */
  onboardLogSha256: string;
  format: OnboardLogMetadata['format'];
  /** How the log's clock was put on the flight's: offset, method, residual. */
  clock: ClockAlignmentEvidence;
  /** Stretches of the flight live telemetry missed, which the log filled [µs]. */
  silences: { startUs: number; endUs: number }[];
  /** The events added to the flight, in time order (none when merged before). */
  added: FlightEvent[];
  /** Damage in the log read past (the valid part was used). */
  skippedBytes: number;
  problems: OnboardLogProblem[];
}

/** The onboard side of a merge: the vehicle's events on the log's clock, and its clock's witnesses. */
interface OnboardRead {
  format: OnboardLogMetadata['format'];
  events: FlightEvent[];
  witness: ClockWitness;
  /** The system ids the log's samples name. */
  sysIds: Set<number>;
  firstUs: number | null;
  lastUs: number | null;
  skippedBytes: number;
  problems: OnboardLogProblem[];
}

/**
 * Completes a landed flight from the drone's onboard log (.ulg or .tlog): the mode changes,
 * messages, failsafes and arm/disarm the vehicle logged while the ground heard nothing become
 * events of the flight, marked `source: 'onboard-log'` with the log's SHA-256 and the clock
 * offset. Outside those silences live telemetry stands.
 *
 * The log's clock is put on the flight's first (clockAlignment.ts); a log that then does not
 * overlap the flight, or whose clock cannot be placed or drifts, is refused with 422 and
 * nothing is stored. Merging the same log again adds nothing. Re-evaluate the flight afterwards.
 */
export async function mergeOnboardLog(
  connection: Connection,
  flightId: string,
  upload: Pick<ReceivedUpload, 'path' | 'sha256' | 'bytes' | 'head'>,
): Promise<OnboardLogMerge> {
  const { Flight } = getModels(connection);
  if (!EntityId.isValid(flightId)) throw notFound(`No flight ${flightId}.`);
  const flight = await Flight.findById(flightId).lean();
  if (!flight) throw notFound(`No flight ${flightId}.`);
  if (flight.status === 'live') {
    throw conflict('The flight is still in the air; merge its onboard log once it has ended.');
  }
  const db = connection.db as Db;
  const storage = await flightStorageCollection(db).findOne({ _id: flightId });
  if (!storage) throw conflict(`Flight ${flightId} has no stored telemetry to complete.`);
  if (upload.bytes === 0)
    throw badRequest('The onboard log is empty: send the file’s bytes as the body.');
  const onboardLogSha256 = upload.sha256;
  const onboard = await readOnboard(upload);
  if (!onboard.sysIds.has(flight.sysId)) {
    throw unprocessable(
      `The log holds no telemetry of system ${flight.sysId} (it names ${[...onboard.sysIds].join(', ') || 'none'}): not this vehicle's onboard log.`,
    );
  }
  const ref = { flightId, linkId: flight.linkId, sysId: flight.sysId, compId: flight.compId };
  const live = await loadStoredFlightData(db, ref);
  let clock: ClockAlignmentEvidence;
  try {
    clock = alignClocks(
      await liveWitness(connection, flightId, flight.sysId, live),
      onboard.witness,
      { recordTimesAreUtc: onboard.format === 'tlog' },
    );
  } catch (error) {
    if (error instanceof ClockAlignmentError) throw unprocessable(error.message, { flightId });
    throw error;
  }
  const logStartUs = (onboard.firstUs ?? 0) + clock.offsetUs;
  const logEndUs = (onboard.lastUs ?? 0) + clock.offsetUs;
  if (onboard.firstUs === null || logEndUs < live.startUs || logStartUs > live.endUs) {
    throw unprocessable(
      `The log, put on the flight's clock (${clock.method}), covers ${iso(logStartUs)} to ${iso(logEndUs)}, and the flight ${iso(live.startUs)} to ${iso(live.endUs)}: they do not overlap, so this is another flight's log.`,
      { clock },
    );
  }
  const own = onboard.events
    .filter((event) => event.sysId === flight.sysId)
    .map((event) => ({ ...event, tUs: event.tUs + clock.offsetUs }));
  await keepOnboardLog(db, `${flightId}:${onboardLogSha256}`, upload.path, {
    sha256: onboardLogSha256,
    format: onboard.format,
    flightId,
    clock,
    skippedBytes: onboard.skippedBytes,
  });
  const silences = liveSilences(liveFrameTimes(live), own);
  const existing = new Set(
    live.events.filter((e) => e.data.source === 'onboard-log').map((e) => eventKey(e)),
  );
  const added = own
    .filter((event) => MERGED_TYPES.has(event.type))
    .filter((event) => silences.some((s) => event.tUs > s.startUs && event.tUs <= s.endUs))
    .map((event) => asMerged(event, onboardLogSha256, clock))
    .filter((event) => !existing.has(eventKey(event)))
    .sort((a, b) => a.tUs - b.tUs);
  const answer = {
    onboardLogSha256,
    format: onboard.format,
    clock,
    silences,
    added,
    skippedBytes: onboard.skippedBytes,
    problems: onboard.problems.slice(0, 20),
  };
  if (added.length === 0) return answer;

  // Reserve the event numbers first: a second merge at the same moment finds the count moved
  // and stops, and a crash after this leaves numbers without events, which readers skip.
  const first = storage.eventCount;
  const reserved = await flightStorageCollection(db).updateOne(
    { _id: flightId, eventCount: first },
    { $inc: { eventCount: added.length } },
  );
  if (reserved.modifiedCount !== 1) {
    throw conflict('The flight changed while its onboard log was merged; try again.');
  }
  const stored: StoredFlightEvent[] = added.map((event, i) => ({
    ...event,
    _id: eventId(flightId, first + i),
    flightId,
    number: first + i,
    origin: 'onboard-log',
  }));
  await flightEventsCollection(db).insertMany(stored);
  await Flight.updateOne({ _id: flight._id }, { $inc: { 'summary.eventCount': added.length } });
  return answer;
}

const iso = (tUs: number) => new Date(tUs / 1000).toISOString();

/** Reads the uploaded log with the reader its first bytes call for. */
async function readOnboard(upload: Pick<ReceivedUpload, 'path' | 'head'>): Promise<OnboardRead> {
  const reader = readerFor(upload.head);
  const read: OnboardRead = {
    format: reader?.format ?? 'tlog',
    events: [],
    witness: { utc: [], boot: [], altitude: [] },
    sysIds: new Set(),
    firstUs: null,
    lastUs: null,
    skippedBytes: 0,
    problems: [],
  };
  const collector = new ClockWitnessCollector(reader !== null);
  const onSamples = (samples: AnySample[], vehiclesFromHeartbeats: boolean) => {
    for (const sample of samples) {
      // A .tlog holds every system on the link: only a heartbeat says a vehicle is there.
      if (!vehiclesFromHeartbeats || sample.kind === 'heartbeat') read.sysIds.add(sample.sysId);
      read.firstUs = Math.min(read.firstUs ?? Infinity, sample.tUs);
      read.lastUs = Math.max(read.lastUs ?? -Infinity, sample.tUs);
      collector.add(sample as Parameters<ClockWitnessCollector['add']>[0]);
    }
  };
  if (reader) {
    const report = await reader.read(upload.path, {
      batch: (samples, events) => {
        onSamples(samples, false);
        read.events.push(...events);
      },
      drain: () => Promise.resolve(),
    });
    if (!report.hasData) {
      throw unprocessable(
        `The ${reader.label} holds no data${report.problems[0] ? ` (${report.problems[0].message})` : ''}.`,
      );
    }
    read.skippedBytes = report.skippedBytes;
    read.problems = report.problems;
    // Without GPS time its times are boot times, not UTC.
    if (report.clock === 'boot') collector.witness.utc.length = 0;
  } else if (TLOG_FRAME_STARTS.has(upload.head[8] ?? -1)) {
    for await (const batch of decodeTlogBatches(upload.path)) {
      onSamples(batch.samples, true);
      read.events.push(...batch.events);
    }
  } else {
    throw new HttpError(
      415,
      'unsupported_log_format',
      `This file is not an onboard log Sortie merges (${ONBOARD_LOG_FORMAT_LABELS}, MAVLink .tlog): ${describeOtherFile(upload.head)}.`,
    );
  }
  read.witness = collector.witness;
  return read;
}

/**
 * What the flight's live record knows of time: the vehicle's GPS time (SYSTEM_TIME) and
 * altitude as stored, and its boot time from the raw frames (the stored columns do not keep it).
 */
async function liveWitness(
  connection: Connection,
  flightId: string,
  sysId: number,
  live: FlightData,
): Promise<ClockWitness> {
  const collector = new ClockWitnessCollector(false);
  const systemTime = live.series.systemTime;
  if (systemTime) {
    for (let i = 0; i < systemTime.tUs.length; i++) {
      collector.add({
        kind: 'systemTime',
        tUs: systemTime.tUs[i]!,
        bootMs: null,
        values: { timeUnixUs: systemTime.timeUnixUs[i]! },
      });
    }
  }
  const position = live.series.position;
  if (position) {
    for (let i = 0; i < position.tUs.length; i++) {
      const altRelM = position.altRelM[i]!;
      if (Number.isNaN(altRelM)) continue;
      collector.add({ kind: 'position', tUs: position.tUs[i]!, bootMs: null, values: { altRelM } });
    }
  }
  const raw = await openRawTlogStream(connection, flightId);
  if (raw) {
    for await (const batch of decodeTlogBatches(raw)) {
      for (const sample of batch.samples) {
        if (sample.sysId !== sysId || sample.bootMs === null) continue;
        collector.add({ kind: 'raw', tUs: sample.tUs, bootMs: sample.bootMs, values: {} });
      }
    }
  }
  return collector.witness;
}

/**
 * When the ground heard the vehicle, in time order: every stored sample of every kind, and the
 * events its frames raised (a STATUSTEXT is an event, not a sample). Events the server raised
 * itself (link lost, fences) say nothing about what was heard.
 */
function liveFrameTimes(live: FlightData): Float64Array {
  const fromFrames = live.events.filter(
    (e) => MERGED_TYPES.has(e.type) && e.data.source !== 'onboard-log',
  );
  const columns = [
    ...Object.values(live.series).map((kind) => kind.tUs),
    Float64Array.from(fromFrames, (e) => e.tUs),
  ];
  const times = new Float64Array(columns.reduce((n, column) => n + column.length, 0));
  let at = 0;
  for (const column of columns) {
    times.set(column, at);
    at += column.length;
  }
  return times.sort();
}

/**
 * Where live telemetry cannot tell the vehicle's state: gaps of more than SILENCE_S in all it
 * heard, and after the last frame if the link never came back (until the vehicle's own log
 * shows it disarmed, or the log ends).
 */
function liveSilences(
  heardUs: Float64Array,
  onboardEvents: readonly FlightEvent[],
): { startUs: number; endUs: number }[] {
  const silences: { startUs: number; endUs: number }[] = [];
  for (let i = 1; i < heardUs.length; i++) {
    const startUs = heardUs[i - 1] as number;
    const endUs = heardUs[i] as number;
    // The first frame after the silence is live telemetry again: it ends the span, open.
    if (endUs - startUs > SILENCE_S * 1e6) silences.push({ startUs, endUs: endUs - 1 });
  }
  const lastUs = heardUs[heardUs.length - 1];
  if (lastUs !== undefined) {
    const after = onboardEvents.filter((event) => event.tUs > lastUs);
    const disarm = after.find((event) => event.type === 'disarm');
    const endUs = disarm?.tUs ?? after[after.length - 1]?.tUs;
    if (endUs !== undefined && endUs - lastUs > SILENCE_S * 1e6) {
      silences.push({ startUs: lastUs, endUs });
    }
  }
  return silences;
}

/** The onboard event as the flight keeps it: the mode named where the timeline reads it. */
function asMerged(
  event: FlightEvent,
  onboardLogSha256: string,
  clock: ClockAlignmentEvidence,
): FlightEvent {
  const data: FlightEvent['data'] = {
    ...event.data,
    source: 'onboard-log',
    onboardLogSha256,
    clockOffsetUs: clock.offsetUs,
    clockMethod: clock.method,
  };
  if (event.type === 'mode-change' && typeof event.data.toMode === 'string') {
    data.modeName = event.data.toMode;
  }
  return { ...event, message: `${event.message} (onboard log)`, data };
}

function eventKey(event: FlightEvent): string {
  return `${event.type}:${event.tUs}:${event.message}`;
}

/** The onboard logs merged into or imported as a flight: file names and SHA-256, oldest first. */
export async function listOnboardLogs(
  db: Db,
  flightId: string,
): Promise<{ name: string; sha256: string }[]> {
  return (await listOnboardLogFiles(db, flightId)).map((file) => ({
    name: file.filename,
    sha256: file.metadata.sha256,
  }));
}
