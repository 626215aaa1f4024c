import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { HttpError } from '../../http/httpError.js';

/** An uploaded log on disk, read from there by the streaming readers. */
export interface ReceivedUpload {
  path: string;
  bytes: number;
  /** SHA-256 of the body, hex, computed while it was written. */
  sha256: string;
  /** The first bytes, for telling the format. */
  head: Uint8Array;
  /** Deletes the temporary file; safe to call twice. */
  discard(): Promise<void>;
}

const HEAD_BYTES = 64;

/**
 * Streams a request body to a temporary file under the data directory, hashing it on the way,
 * so a log of gigabytes never sits in memory. Past `maxBytes` it stops writing, deletes what it
 * wrote and answers 413 with the limit and the variable that sets it.
 */
export async function receiveUpload(
  body: Readable,
  dataDir: string,
  maxBytes: number,
): Promise<ReceivedUpload> {
  const root = join(dataDir, 'uploads');
  await mkdir(root, { recursive: true });
  const dir = await mkdtemp(join(root, 'log-'));
  const path = join(dir, 'upload.bin');
  const discard = () => rm(dir, { recursive: true, force: true });
  const hash = createHash('sha256');
  const file = createWriteStream(path);
  const head = new Uint8Array(HEAD_BYTES);
  let bytes = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      if (bytes < HEAD_BYTES) head.set(chunk.subarray(0, HEAD_BYTES - bytes), bytes);
      bytes += chunk.length;
      if (bytes > maxBytes) {
        // The rest is read and dropped, not stored: a client stopped mid-send sees a reset
        // socket rather than the sentence below.
        file.destroy();
        for await (const rest of body as AsyncIterable<Buffer>) void rest;
        throw new HttpError(
          413,
          'payload_too_large',
          `The log is larger than the ${Math.round(maxBytes / 1024 / 1024)} MB this server accepts (SORTIE_IMPORT_MAX_MB); split it or raise the limit.`,
          { maxBytes },
        );
      }
      hash.update(chunk);
      if (!file.write(chunk))
        await new Promise<void>((resolve) => file.once('drain', () => resolve()));
    }
    file.end();
    await finished(file);
  } catch (error) {
    file.destroy();
    await discard();
    throw error;
  }
  return {
    path,
    bytes,
    sha256: hash.digest('hex'),
    head: head.subarray(0, Math.min(bytes, HEAD_BYTES)),
    discard,
  };
}
