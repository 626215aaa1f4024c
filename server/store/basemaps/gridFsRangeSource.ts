import type { RangeResponse, Source } from 'pmtiles';
import type { Db } from '../driver.js';
import { readBasemapBytes, type StoredFile } from './basemapFileStore.js';

/**
 * The `pmtiles` reader's view of a stored basemap: byte ranges read from its GridFS chunks.
 * The key is the file id, which never names other bytes, so the reader's caches of header
 * and directories stay right across replacements and server instances.
 */
export class GridFsRangeSource implements Source {
  constructor(
    private readonly db: Db,
    private readonly file: StoredFile,
  ) {}

  getKey(): string {
    return this.file.fileId;
  }

  async getBytes(offset: number, length: number): Promise<RangeResponse> {
    const bytes = await readBasemapBytes(this.db, this.file, offset, length);
    // A copy of exactly the bytes: the reader keeps ArrayBuffers, not views into pooled memory.
    const data = new ArrayBuffer(bytes.length);
    new Uint8Array(data).set(bytes);
    return { data };
  }
}
