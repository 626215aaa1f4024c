import { randomBytes } from 'node:crypto';
import type { Collection, Db } from '../driver.js';
import { gridFsChunkId, gridFsChunks, type GridFsChunk } from '../flights/gridFsChunks.js';

/**
 * Rendered reports, kept so a second download of the same file is a read, not a render.
 *
 * An evaluation is immutable, so its report in one format and language never changes: loading
 * the flight's telemetry and drawing the PDF (seconds on FerretDB) is done once per
 * (evaluation, file, language). The report also names the vehicle, maker and range as they were
 * at the first download; a later rename shows in the next evaluation's reports.
 *
 * Bytes live as GridFS files in the `reportCache` bucket, with string `_id`s read by `_id` (the
 * one lookup FerretDB serves from an index). A file's id carries a random token so that two
 * servers rendering the same report at once never mix their chunks; `reportCache.keys` points a
 * key at the file that won. Shared by every server instance through the database.
 */
export const REPORT_CACHE_BUCKET = 'reportCache';
const CHUNK_BYTES = 255 * 1024;
/** Older keys beyond this many are dropped after each store: the cache cannot grow unbounded. */
export const MAX_CACHED_REPORTS = 2000;
/**
 * Part of every key: bump it when a report generator's output changes, so reports rendered by
 * the old code are not served again.
 */
const RENDERER_VERSION = 1;

export interface ReportCacheKey {
  evaluationId: string;
  /** The downloaded file, e.g. 'report.pdf', 'track.kml'. */
  file: string;
  lang: string;
}

interface CacheKeyDocument {
  _id: string;
  fileId: string;
  length: number;
  chunkSize: number;
  uploadDate: Date;
}

interface CacheFile {
  _id: string;
  length: number;
  chunkSize: number;
  uploadDate: Date;
  filename: string;
  metadata: { evaluationId: string; file: string; lang: string };
}

function collections(db: Db) {
  return {
    keys: db.collection<CacheKeyDocument>(`${REPORT_CACHE_BUCKET}.keys`),
    files: db.collection<CacheFile>(`${REPORT_CACHE_BUCKET}.files`),
    chunks: db.collection<GridFsChunk>(`${REPORT_CACHE_BUCKET}.chunks`),
  };
}

export function reportCacheKey(key: ReportCacheKey): string {
  return `v${RENDERER_VERSION}:${key.evaluationId}:${key.file}:${key.lang}`;
}

/**
 * The cached bytes of a report, rendering and storing them on the first request. A failure to
 * store is not the user's problem: the rendered bytes are returned all the same.
 */
export async function cachedReport(
  db: Db,
  key: ReportCacheKey,
  render: () => Promise<Buffer | string>,
  { maxReports = MAX_CACHED_REPORTS }: { maxReports?: number } = {},
): Promise<Buffer> {
  const id = reportCacheKey(key);
  const cached = await readCached(db, id);
  if (cached) return cached;
  const rendered = await render();
  const bytes = typeof rendered === 'string' ? Buffer.from(rendered, 'utf8') : rendered;
  await store(db, id, key, bytes, maxReports);
  return bytes;
}

async function readCached(db: Db, id: string): Promise<Buffer | null> {
  const { keys, chunks } = collections(db);
  const pointer = await keys.findOne({ _id: id });
  if (!pointer) return null;
  const count = Math.ceil(pointer.length / pointer.chunkSize);
  const parts = await Promise.all(
    Array.from({ length: count }, (_, n) =>
      chunks.findOne({ _id: gridFsChunkId(pointer.fileId, n) }),
    ),
  );
  const buffers: Buffer[] = [];
  for (const part of parts) {
    // A chunk gone missing (evicted under us): render again rather than serve a torn file.
    if (!part) return null;
    const data = part.data;
    buffers.push(Buffer.from(data instanceof Uint8Array ? data : data.buffer));
  }
  const bytes = Buffer.concat(buffers);
  return bytes.length === pointer.length ? bytes : null;
}

async function store(
  db: Db,
  id: string,
  key: ReportCacheKey,
  bytes: Buffer,
  maxReports: number,
): Promise<void> {
  const { keys, files, chunks } = collections(db);
  const fileId = `${id}:${randomBytes(6).toString('hex')}`;
  const uploadDate = new Date();
  const pieces = gridFsChunks(fileId, bytes, CHUNK_BYTES);
  try {
    if (pieces.length > 0) await chunks.insertMany(pieces);
    await files.insertOne({
      _id: fileId,
      length: bytes.length,
      chunkSize: CHUNK_BYTES,
      uploadDate,
      filename: id,
      metadata: { ...key },
    });
    await keys.insertOne({
      _id: id,
      fileId,
      length: bytes.length,
      chunkSize: CHUNK_BYTES,
      uploadDate,
    });
  } catch {
    // Another server stored the same report first (duplicate key), or the write failed: the
    // download is served from the bytes in hand either way, and our copy is not needed.
    await removeFile(db, fileId, pieces.length).catch(() => undefined);
    return;
  }
  await evictOldest(db, maxReports).catch(() => undefined);
}

async function removeFile(db: Db, fileId: string, chunkCount: number): Promise<void> {
  const { files, chunks } = collections(db);
  for (let n = 0; n < chunkCount; n++) await chunks.deleteOne({ _id: gridFsChunkId(fileId, n) });
  await files.deleteOne({ _id: fileId });
}

async function evictOldest(db: Db, maxReports: number): Promise<void> {
  const { keys } = collections(db);
  const excess = (await keys.countDocuments()) - maxReports;
  if (excess <= 0) return;
  const oldest = await oldestKeys(keys, excess);
  for (const pointer of oldest) {
    await keys.deleteOne({ _id: pointer._id });
    await removeFile(db, pointer.fileId, Math.ceil(pointer.length / pointer.chunkSize));
  }
}

function oldestKeys(keys: Collection<CacheKeyDocument>, count: number) {
  // Ties in the millisecond clock fall back to the key, so the order is always the same.
  return keys.find({}).sort({ uploadDate: 1, _id: 1 }).limit(count).toArray();
}
