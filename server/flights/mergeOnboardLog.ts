import { createHash } from 'node:crypto';
import { Types, type Connection } from 'mongoose';
import { decodeTlog } from '../../telemetry/mavlink/decodeTlog.js';
import type { FlightEvent, FlightEventType } from '../../telemetry/model/flightEvent.js';
import type { FlightData } from '../certification/flightData.js';
import { loadStoredFlightData } from '../certification/store/loadStoredFlightData.js';
import { conflict, notFound, unprocessable } from '../http/httpError.js';
import { getModels } from '../models/models.js';
import { eventId, flightEventsCollection, type StoredFlightEvent } from './flightEventStore.js';
import { flightStorageCollection } from './flightStorage.js';
import type { Db } from './mongoDriver.js';

/**
 * Nothing heard from the vehicle for longer than this is a silence the onboard log may fill [s]:
 * two periods of the usual 1 Hz heartbeat, well above the gaps of a busy but working link.
 */
export const SILENCE_S = 2;

/**
 * The merged logs themselves, byte-exact, as GridFS files (`<flightId>:<sha256>`, chunks
 * `<fileId>:<n>`, read by `_id`): the evidence behind the events they added.
 */
export const ONBOARD_LOG_BUCKET = 'onboardLog';
const CHUNK_BYTES = 255 * 1024;

interface OnboardLogFile {
  _id: string;
  length: number;
  chunkSize: number;
  uploadDate: Date;
  filename: string;
  metadata: { flightId: string; sha256: string };
}

interface OnboardLogChunk {
  _id: string;
  files_id: string;
  n: number;
  data: Uint8Array;
}

/** What the vehicle's own log tells that live telemetry cannot, once the link was down. */
const MERGED_TYPES: ReadonlySet<FlightEventType> = new Set([
  'mode-change',
  'text',
  'failsafe',
  'arm',
  'disarm',
]);

export interface OnboardLogMerge {
  /** SHA-256 of the log's bytes, hex; every merged event carries it, the log is kept under it. */
  onboardLogSha256: string;
  /** Stretches of the flight live telemetry missed, which the log filled [µs]. */
  silences: { startUs: number; endUs: number }[];
  /** The events added to the flight, in time order (none when merged before). */
  added: FlightEvent[];
}

/**
 * Completes a landed flight from the drone's onboard log (a .tlog): the mode changes, messages,
 * failsafes and arm/disarm the vehicle logged while the ground heard nothing become events of
 * the flight, marked `source: 'onboard-log'`. Outside those silences live telemetry stands.
 *
 * The log's record times are taken as ground times: a companion computer stamps its .tlog with
 * a GPS-disciplined clock, and the simulator with the one clock it shares with the ground.
 * Merging the same log again adds nothing. Re-evaluate the flight afterwards.
 */
export async function mergeOnboardLog(
  connection: Connection,
  flightId: string,
  bytes: Uint8Array,
): Promise<OnboardLogMerge> {
  const { Flight } = getModels(connection);
  if (!Types.ObjectId.isValid(flightId)) throw notFound(`No flight ${flightId}.`);
  const flight = await Flight.findById(flightId).lean();
  if (!flight) throw notFound(`No flight ${flightId}.`);
  if (flight.status === 'live') {
    throw conflict('The flight is still in the air; merge its onboard log once it has ended.');
  }
  const db = connection.db as Db;
  const storage = await flightStorageCollection(db).findOne({ _id: flightId });
  if (!storage) throw conflict(`Flight ${flightId} has no stored telemetry to complete.`);
  const onboardLogSha256 = createHash('sha256').update(bytes).digest('hex');
  const onboard = await decodeTlog(
    (async function* () {
      yield bytes;
    })(),
  );
  const own = onboard.events.filter(
    (event) => event.sysId === flight.sysId && event.compId === flight.compId,
  );
  if (!onboard.samples.some((s) => s.kind === 'heartbeat' && s.sysId === flight.sysId)) {
    throw unprocessable(
      `The log holds no HEARTBEAT of system ${flight.sysId}: not this vehicle's onboard log.`,
    );
  }
  await keepOnboardLog(db, flightId, onboardLogSha256, bytes);
  const ref = { flightId, linkId: flight.linkId, sysId: flight.sysId, compId: flight.compId };
  const live = await loadStoredFlightData(db, ref);
  const silences = liveSilences(liveFrameTimes(live), own);
  const existing = new Set(
    live.events.filter((e) => e.data.source === 'onboard-log').map((e) => eventKey(e)),
  );
  const added = own
    .filter((event) => MERGED_TYPES.has(event.type))
    .filter((event) => silences.some((s) => event.tUs > s.startUs && event.tUs <= s.endUs))
    .map((event) => asMerged(event, onboardLogSha256))
    .filter((event) => !existing.has(eventKey(event)))
    .sort((a, b) => a.tUs - b.tUs);
  if (added.length === 0) return { onboardLogSha256, silences, added };

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
  return { onboardLogSha256, silences, added };
}

/**
 * Stores the log's bytes once per flight and content: a second upload of the same log, even at
 * the same moment, writes the same documents, so a duplicate key only means it is there.
 */
async function keepOnboardLog(
  db: Db,
  flightId: string,
  sha256: string,
  bytes: Uint8Array,
): Promise<void> {
  const fileId = `${flightId}:${sha256}`;
  const files = db.collection<OnboardLogFile>(`${ONBOARD_LOG_BUCKET}.files`);
  const chunks = db.collection<OnboardLogChunk>(`${ONBOARD_LOG_BUCKET}.chunks`);
  if (await files.findOne({ _id: fileId })) return;
  const ignoreDuplicates = (error: unknown) => {
    if ((error as { code?: unknown }).code !== 11000) throw error;
  };
  for (let n = 0, at = 0; at < bytes.length; n++, at += CHUNK_BYTES) {
    await chunks
      .insertOne({
        _id: `${fileId}:${n}`,
        files_id: fileId,
        n,
        data: bytes.subarray(at, at + CHUNK_BYTES),
      })
      .catch(ignoreDuplicates);
  }
  // Written last: a file entry means every chunk is there.
  await files
    .insertOne({
      _id: fileId,
      length: bytes.length,
      chunkSize: CHUNK_BYTES,
      uploadDate: new Date(),
      filename: `${fileId}.tlog`,
      metadata: { flightId, sha256 },
    })
    .catch(ignoreDuplicates);
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
function asMerged(event: FlightEvent, onboardLogSha256: string): FlightEvent {
  const data: FlightEvent['data'] = { ...event.data, source: 'onboard-log', onboardLogSha256 };
  if (event.type === 'mode-change' && typeof event.data.toMode === 'string') {
    data.modeName = event.data.toMode;
  }
  return { ...event, message: `${event.message} (onboard log)`, data };
}

function eventKey(event: FlightEvent): string {
  return `${event.type}:${event.tUs}:${event.message}`;
}

/** The onboard logs merged into a flight: their file names and SHA-256, oldest first. */
export async function listOnboardLogs(
  db: Db,
  flightId: string,
): Promise<{ name: string; sha256: string }[]> {
  const files = await db
    .collection<OnboardLogFile>(`${ONBOARD_LOG_BUCKET}.files`)
    .find({ 'metadata.flightId': flightId })
    .toArray();
  return files
    .sort((a, b) => a.uploadDate.getTime() - b.uploadDate.getTime())
    .map((file) => ({ name: file.filename, sha256: file.metadata.sha256 }));
}
