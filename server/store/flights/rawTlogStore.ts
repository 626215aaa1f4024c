import { gridFsChunkId, gridFsChunks, type GridFsChunk } from './gridFsChunks.js';
import type { Collection, Db } from '../driver.js';

/**
 * The raw frames of a flight, byte-exact, as GridFS files in the `rawTlog` bucket: one file
 * per piece (what one ingest pass brought for that flight), numbered, so appending never
 * rewrites a file. Concatenated in piece order they are the flight's .tlog.
 *
 * Files and chunks carry string `_id`s (`<flightId>:<piece>` and `<fileId>:<n>`) so a
 * download reads them by `_id`, the one lookup FerretDB serves from its index.
 */
export const RAW_TLOG_BUCKET = 'rawTlog';
export const RAW_CHUNK_BYTES = 255 * 1024;

export interface RawTlogFile {
  _id: string;
  length: number;
  chunkSize: number;
  uploadDate: Date;
  filename: string;
  metadata: { flightId: string; piece: number; frames: number; firstTUs: number; lastTUs: number };
}

export type RawTlogChunk = GridFsChunk;

export function rawTlogCollections(db: Db): {
  files: Collection<RawTlogFile>;
  chunks: Collection<RawTlogChunk>;
} {
  return {
    files: db.collection<RawTlogFile>(`${RAW_TLOG_BUCKET}.files`),
    chunks: db.collection<RawTlogChunk>(`${RAW_TLOG_BUCKET}.chunks`),
  };
}

export function rawPieceFileId(flightId: string, piece: number): string {
  return `${flightId}:${String(piece).padStart(8, '0')}`;
}

export const rawChunkId = gridFsChunkId;

/** A piece as GridFS documents: its files entry and its chunks. */
export function rawPieceDocuments(
  flightId: string,
  piece: number,
  bytes: Uint8Array,
  frames: { count: number; firstTUs: number; lastTUs: number },
): { file: RawTlogFile; chunks: RawTlogChunk[] } {
  const fileId = rawPieceFileId(flightId, piece);
  const chunks = gridFsChunks(fileId, bytes, RAW_CHUNK_BYTES);
  return {
    file: {
      _id: fileId,
      length: bytes.length,
      chunkSize: RAW_CHUNK_BYTES,
      uploadDate: new Date(),
      filename: `${fileId}.tlog`,
      metadata: {
        flightId,
        piece,
        frames: frames.count,
        firstTUs: frames.firstTUs,
        lastTUs: frames.lastTUs,
      },
    },
    chunks,
  };
}

export async function ensureRawTlogIndexes(db: Db): Promise<void> {
  const { files, chunks } = rawTlogCollections(db);
  // The indexes GridFS drivers expect, so standard tools can read the bucket on mongod.
  await files.createIndex({ filename: 1, uploadDate: 1 });
  await chunks.createIndex({ files_id: 1, n: 1 }, { unique: true });
}
