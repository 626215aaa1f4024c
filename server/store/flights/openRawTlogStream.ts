import { Readable } from 'node:stream';
import type { Connection } from 'mongoose';
import { findFlightRef } from './flightRef.js';
import { findFlightStorage } from './flightStorage.js';
import type { Db } from '../driver.js';
import { rawChunkId, rawPieceFileId, rawTlogCollections } from './rawTlogStore.js';

async function* pieceBytes(
  db: Db,
  flightId: string,
  pieceCount: number,
): AsyncGenerator<Uint8Array> {
  const { files, chunks } = rawTlogCollections(db);
  for (let piece = 0; piece < pieceCount; piece++) {
    const fileId = rawPieceFileId(flightId, piece);
    const file = await files.findOne({ _id: fileId });
    if (!file) throw new Error(`raw piece ${fileId} of flight ${flightId} is missing`);
    const chunkCount = Math.ceil(file.length / file.chunkSize);
    for (let n = 0; n < chunkCount; n++) {
      const chunk = await chunks.findOne({ _id: rawChunkId(fileId, n) });
      if (!chunk) throw new Error(`raw chunk ${n} of ${fileId} is missing`);
      yield chunk.data instanceof Uint8Array ? chunk.data : new Uint8Array(chunk.data.buffer);
    }
  }
}

/**
 * The flight's raw MAVLink frames as a standard .tlog (8-byte big-endian µs timestamp + frame,
 * repeated), streamed piece by piece in constant memory; null when the flight is unknown or
 * has no raw frames. A live flight streams what is stored so far.
 */
export async function openRawTlogStream(
  connection: Connection,
  flightId: string,
): Promise<Readable | null> {
  const db = connection.db;
  if (!db) throw new Error('database connection is not open');
  const flight = await findFlightRef(connection, flightId);
  if (!flight) return null;
  const storage = await findFlightStorage(db, flight);
  const pieceCount = storage?.index.rawPieceCount ?? 0;
  if (pieceCount === 0) return null;
  return Readable.from(pieceBytes(db, flightId, pieceCount), { objectMode: false });
}
