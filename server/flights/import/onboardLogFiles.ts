import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { Db } from '../../store/driver.js';
import { gridFsChunkId, type GridFsChunk } from '../../store/flights/gridFsChunks.js';
import type { OnboardLogFormat } from './onboardLogFormats.js';

/**
 * Onboard logs, byte-exact, as GridFS files (chunks `<fileId>:<n>`, read by `_id`): the
 * evidence behind the flights imported from them and the events merged from them. A log
 * merged into a live-recorded flight is `<flightId>:<sha256>`; an imported log, kept once
 * whatever number of flights it held, is `import:<sha256>`.
 */
export const ONBOARD_LOG_BUCKET = 'onboardLog';
const CHUNK_BYTES = 255 * 1024;
/** About 2 MB per write. */
const CHUNKS_PER_WRITE = 8;

/** How the onboard log's clock was put on the flight's (a merge only). */
export interface ClockAlignmentEvidence {
  /** Flight time − log time [µs]: add it to the log's times. */
  offsetUs: number;
  /** `record-time`: a .tlog's own UTC record times, taken as they are (nothing to measure). */
  method: 'gps-time' | 'boot-time' | 'altitude-correlation' | 'record-time';
  /** RMS of what is left after the offset, in the method's unit (µs, or m of altitude); null unmeasured. */
  residual: number | null;
  residualUnit: 'us' | 'm';
  /** How many pairs of times or altitudes the offset rests on. */
  pairs: number;
}

export interface OnboardLogMetadata {
  sha256: string;
  format: OnboardLogFormat | 'tlog';
  /** The flight a merged log completes. */
  flightId?: string;
  /** The flights an imported log made. */
  flightIds?: string[];
  clock?: ClockAlignmentEvidence;
  skippedBytes?: number;
}

export interface OnboardLogFile {
  _id: string;
  length: number;
  chunkSize: number;
  uploadDate: Date;
  filename: string;
  metadata: OnboardLogMetadata;
}

export function onboardLogFiles(db: Db) {
  return {
    files: db.collection<OnboardLogFile>(`${ONBOARD_LOG_BUCKET}.files`),
    chunks: db.collection<GridFsChunk>(`${ONBOARD_LOG_BUCKET}.chunks`),
  };
}

export const extensionOf = (format: OnboardLogMetadata['format']) =>
  ({ ulog: 'ulg', dataflash: 'bin', tlog: 'tlog' })[format];

/**
 * Stores a file from disk under `fileId`, chunk by chunk (constant memory). Storing the same
 * content again, even at the same moment, writes the same documents, so a duplicate key only
 * means it is there. The file entry is written last: one means every chunk is there.
 */
export async function keepOnboardLog(
  db: Db,
  fileId: string,
  path: string,
  metadata: OnboardLogMetadata,
): Promise<void> {
  const { files, chunks } = onboardLogFiles(db);
  if (await files.findOne({ _id: fileId })) return;
  const ignoreDuplicates = (error: unknown) => {
    if ((error as { code?: unknown }).code !== 11000) throw error;
  };
  let n = 0;
  let length = 0;
  let pending: GridFsChunk[] = [];
  // A few chunks per write: on FerretDB each write is a transaction of its own (fsync).
  const flush = async () => {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    await chunks.insertMany(batch, { ordered: false }).catch(async (error: unknown) => {
      if ((error as { code?: unknown }).code !== 11000) throw error;
      // Some were there already (the same log stored at the same moment): write the rest one by one.
      for (const chunk of batch) await chunks.insertOne(chunk).catch(ignoreDuplicates);
    });
  };
  for await (const chunk of createReadStream(path, {
    highWaterMark: CHUNK_BYTES,
  }) as AsyncIterable<Buffer>) {
    pending.push({ _id: gridFsChunkId(fileId, n), files_id: fileId, n, data: chunk });
    n++;
    length += chunk.length;
    if (pending.length >= CHUNKS_PER_WRITE) await flush();
  }
  await flush();
  await files
    .insertOne({
      _id: fileId,
      length,
      chunkSize: CHUNK_BYTES,
      uploadDate: new Date(),
      filename: `${fileId}.${extensionOf(metadata.format)}`,
      metadata,
    })
    .catch(ignoreDuplicates);
}

/** Removes a stored log (an import that failed after keeping it). */
export async function deleteOnboardLog(db: Db, fileId: string): Promise<void> {
  const { files, chunks } = onboardLogFiles(db);
  await files.deleteOne({ _id: fileId });
  await chunks.deleteMany({ files_id: fileId });
}

/** The onboard logs behind a flight, merged or imported, oldest first. */
export async function listOnboardLogs(db: Db, flightId: string): Promise<OnboardLogFile[]> {
  const { files } = onboardLogFiles(db);
  const found = await files
    .find({ $or: [{ 'metadata.flightId': flightId }, { 'metadata.flightIds': flightId }] })
    .toArray();
  return found.sort((a, b) => a.uploadDate.getTime() - b.uploadDate.getTime());
}

/** A stored log's bytes, streamed chunk by chunk. */
export function openOnboardLogStream(db: Db, file: OnboardLogFile): Readable {
  const { chunks } = onboardLogFiles(db);
  const count = Math.ceil(file.length / file.chunkSize);
  async function* bytes(): AsyncGenerator<Uint8Array> {
    for (let n = 0; n < count; n++) {
      const chunk = await chunks.findOne({ _id: gridFsChunkId(file._id, n) });
      if (!chunk) throw new Error(`chunk ${n} of onboard log ${file._id} is missing`);
      yield chunk.data instanceof Uint8Array ? chunk.data : new Uint8Array(chunk.data.buffer);
    }
  }
  return Readable.from(bytes(), { objectMode: false });
}
