import type { Binary } from '../driver.js';

/**
 * A GridFS chunk with a string `_id` (`<fileId>:<n>`), so a reader finds every chunk of a file
 * by `_id` alone; written by hand rather than through GridFSBucket for that reason.
 */
export interface GridFsChunk {
  _id: string;
  files_id: string;
  n: number;
  data: Binary | Uint8Array;
}

export function gridFsChunkId(fileId: string, n: number): string {
  return `${fileId}:${n}`;
}

/** The bytes of a file cut into its chunks, in order (views of `bytes`, not copies). */
export function gridFsChunks(fileId: string, bytes: Uint8Array, chunkBytes: number): GridFsChunk[] {
  const chunks: GridFsChunk[] = [];
  for (let n = 0, at = 0; at < bytes.length; n++, at += chunkBytes) {
    chunks.push({
      _id: gridFsChunkId(fileId, n),
      files_id: fileId,
      n,
      data: bytes.subarray(at, at + chunkBytes),
    });
  }
  return chunks;
}
