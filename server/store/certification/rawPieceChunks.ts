import type { Collection, Db } from '../driver.js';
import { findByIds } from '../flights/findByIds.js';
import {
  rawChunkId,
  rawPieceFileId,
  rawTlogCollections,
  type RawTlogChunk,
} from '../flights/rawTlogStore.js';

/** Chunk lookups sent together (255 KiB each): bounded memory, hidden round trips. */
const LOOKUPS_AT_ONCE = 16;

/**
 * The flight's raw .tlog bytes, chunk by chunk in piece order: exactly the bytes the .tlog
 * download streams, a few chunks in memory at a time.
 */
export async function* rawPieceChunks(
  db: Db,
  flightId: string,
  rawPieceCount: number,
): AsyncGenerator<Uint8Array> {
  const { files, chunks } = rawTlogCollections(db);
  for (let piece = 0; piece < rawPieceCount; piece++) {
    const fileId = rawPieceFileId(flightId, piece);
    const file = await files.findOne({ _id: fileId });
    if (!file) throw new Error(`Raw piece ${fileId} of flight ${flightId} is missing.`);
    const chunkCount = Math.ceil(file.length / file.chunkSize);
    for (let n = 0; n < chunkCount; n += LOOKUPS_AT_ONCE) {
      const ids = Array.from({ length: Math.min(LOOKUPS_AT_ONCE, chunkCount - n) }, (_, k) =>
        rawChunkId(fileId, n + k),
      );
      const found = await findChunks(chunks, ids);
      for (const id of ids) {
        const chunk = found.get(id);
        if (!chunk) throw new Error(`Raw chunk ${id} of flight ${flightId} is missing.`);
        yield chunk;
      }
    }
  }
}

/** The chunks by `_id` lookups (findByIds): FerretDB serves those from its index, not `$in`. */
async function findChunks(
  chunks: Collection<RawTlogChunk>,
  ids: string[],
): Promise<Map<string, Uint8Array>> {
  const documents = await findByIds(chunks, ids);
  return new Map(
    documents
      .filter((doc): doc is NonNullable<typeof doc> => doc !== null)
      .map((doc) => [doc._id, doc.data instanceof Uint8Array ? doc.data : doc.data.buffer]),
  );
}
