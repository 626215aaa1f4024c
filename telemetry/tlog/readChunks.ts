import { createReadStream } from 'node:fs';

/** Read size: big enough to amortise the per-chunk work, small enough to stay constant memory. */
const READ_CHUNK_BYTES = 1 << 20;

/**
 * The bytes of a file path or of an existing chunk stream, chunk by chunk. An I/O error is
 * rethrown naming the file and the byte offset reached.
 */
export async function* readChunks(
  source: string | AsyncIterable<Uint8Array>,
): AsyncGenerator<Uint8Array> {
  const chunks =
    typeof source === 'string'
      ? (createReadStream(source, { highWaterMark: READ_CHUNK_BYTES }) as AsyncIterable<Uint8Array>)
      : source;
  let bytesRead = 0;
  try {
    for await (const chunk of chunks) {
      bytesRead += chunk.length;
      yield chunk;
    }
  } catch (error) {
    const where = typeof source === 'string' ? source : 'stream';
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`cannot read ${where} at byte offset ${bytesRead}: ${reason}`, {
      cause: error,
    });
  }
}
