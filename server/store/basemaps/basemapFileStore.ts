import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../driver.js';
import { gridFsChunkId, type GridFsChunk } from '../flights/gridFsChunks.js';

/**
 * A range's basemap file, byte-exact, as a GridFS file in the `basemapFiles` bucket: in the
 * database rather than a server's data directory, so every server instance serves the same
 * tiles. Chunks have string `_id`s (`<fileId>:<n>`) and are read by `_id`, the one lookup
 * FerretDB serves from an index. A file's id carries a random token, so an upload replacing
 * the basemap never mixes its chunks with the file being served meanwhile.
 */
export const BASEMAP_BUCKET = 'basemapFiles';
export const BASEMAP_CHUNK_BYTES = 255 * 1024;

/** Where a stored file's bytes are. */
export interface StoredFile {
  fileId: string;
  lengthBytes: number;
  chunkBytes: number;
}

export interface WrittenFile extends StoredFile {
  sha256: string;
}

interface BasemapFileEntry {
  _id: string;
  length: number;
  chunkSize: number;
  uploadDate: Date;
  filename: string;
  metadata: { rangeId: string; sha256: string };
}

function collections(db: Db) {
  return {
    files: db.collection<BasemapFileEntry>(`${BASEMAP_BUCKET}.files`),
    chunks: db.collection<GridFsChunk>(`${BASEMAP_BUCKET}.chunks`),
  };
}

/**
 * Stores the bytes as they arrive, one chunk at a time (a 512 MB file never sits in memory),
 * hashing them on the way. If the source fails (too large, cut off, refused), what was
 * written is removed before the error goes on.
 */
export async function writeBasemapFile(
  db: Db,
  rangeId: string,
  source: AsyncIterable<Uint8Array>,
): Promise<WrittenFile> {
  const { files, chunks } = collections(db);
  const fileId = `${rangeId}:${randomBytes(6).toString('hex')}`;
  const hash = createHash('sha256');
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let written = 0;
  let lengthBytes = 0;
  const flush = async (all: boolean) => {
    let buffer = Buffer.concat(pending);
    while (buffer.length >= BASEMAP_CHUNK_BYTES || (all && buffer.length > 0)) {
      const data = buffer.subarray(0, BASEMAP_CHUNK_BYTES);
      await chunks.insertOne({
        _id: gridFsChunkId(fileId, written),
        files_id: fileId,
        n: written,
        data,
      });
      written += 1;
      buffer = buffer.subarray(data.length);
    }
    pending = buffer.length > 0 ? [buffer] : [];
    pendingBytes = buffer.length;
  };
  try {
    for await (const piece of source) {
      hash.update(piece);
      lengthBytes += piece.length;
      pending.push(Buffer.from(piece));
      pendingBytes += piece.length;
      if (pendingBytes >= BASEMAP_CHUNK_BYTES) await flush(false);
    }
    await flush(true);
    const sha256 = hash.digest('hex');
    await files.insertOne({
      _id: fileId,
      length: lengthBytes,
      chunkSize: BASEMAP_CHUNK_BYTES,
      uploadDate: new Date(),
      filename: `${rangeId}.pmtiles`,
      metadata: { rangeId, sha256 },
    });
    return { fileId, lengthBytes, chunkBytes: BASEMAP_CHUNK_BYTES, sha256 };
  } catch (error) {
    await removeChunks(db, fileId, written).catch(() => undefined);
    throw error;
  }
}

async function removeChunks(db: Db, fileId: string, chunkCount: number): Promise<void> {
  const { chunks } = collections(db);
  for (let n = 0; n < chunkCount; n++) await chunks.deleteOne({ _id: gridFsChunkId(fileId, n) });
}

export async function removeBasemapFile(db: Db, file: StoredFile): Promise<void> {
  await removeChunks(db, file.fileId, Math.ceil(file.lengthBytes / file.chunkBytes));
  await collections(db).files.deleteOne({ _id: file.fileId });
}

/**
 * `length` bytes from `offset`, fewer where the file ends first (a reader asking for more than
 * there is gets what there is, as from a file). Throws if a chunk is missing.
 */
export async function readBasemapBytes(
  db: Db,
  file: StoredFile,
  offset: number,
  length: number,
): Promise<Buffer> {
  const end = Math.min(file.lengthBytes, offset + length);
  if (offset >= end) return Buffer.alloc(0);
  const first = Math.floor(offset / file.chunkBytes);
  const last = Math.floor((end - 1) / file.chunkBytes);
  // One lookup by `_id` per chunk: FerretDB serves `_id` equality from its index, not `$in`.
  const { chunks } = collections(db);
  const found = await Promise.all(
    Array.from({ length: last - first + 1 }, (_, i) =>
      chunks.findOne({ _id: gridFsChunkId(file.fileId, first + i) }),
    ),
  );
  const parts: Buffer[] = found.map((chunk, i) => {
    if (!chunk) throw new Error(`Basemap file ${file.fileId} lacks chunk ${first + i}.`);
    const data = chunk.data;
    return Buffer.from(data instanceof Uint8Array ? data : data.buffer);
  });
  const joined = Buffer.concat(parts);
  const from = offset - first * file.chunkBytes;
  return joined.subarray(from, from + (end - offset));
}
