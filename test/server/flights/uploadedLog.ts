import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReceivedUpload } from '../../../server/flights/import/receiveUpload.js';

/** Bytes as the upload routes hand them on: a file on disk with its SHA-256 and first bytes. */
export function uploadedLog(
  bytes: Uint8Array,
): Pick<ReceivedUpload, 'path' | 'sha256' | 'bytes' | 'head'> {
  const path = join(mkdtempSync(join(tmpdir(), 'sortie-upload-')), 'log.bin');
  writeFileSync(path, bytes);
  return {
    path,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    bytes: bytes.length,
    head: bytes.subarray(0, 64),
  };
}
