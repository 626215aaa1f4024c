import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { encodeTlogRecord } from './tlogRecord.js';

/**
 * Appends records to a .tlog file as they come, honouring the stream's back-pressure so a
 * fast source cannot grow memory without bound.
 */
export class TlogWriter {
  private readonly stream: WriteStream;
  private failure: Error | null = null;
  /** Bytes handed to the file so far by this writer. */
  bytesWritten = 0;
  recordsWritten = 0;

  constructor(
    readonly path: string,
    options: { append?: boolean } = {},
  ) {
    this.stream = createWriteStream(path, { flags: options.append === false ? 'w' : 'a' });
    this.stream.on('error', (error) => {
      this.failure = error;
    });
  }

  /** Writes one record; resolves once the file can take more. */
  async write(tUs: number, frame: Uint8Array): Promise<void> {
    this.throwIfFailed();
    const record = encodeTlogRecord(tUs, frame);
    this.bytesWritten += record.length;
    this.recordsWritten++;
    if (!this.stream.write(record)) await once(this.stream, 'drain');
    this.throwIfFailed();
  }

  /** Flushes and closes the file. */
  async close(): Promise<void> {
    this.throwIfFailed();
    this.stream.end();
    await once(this.stream, 'finish');
    this.throwIfFailed();
  }

  private throwIfFailed(): void {
    if (this.failure) {
      throw new Error(`TlogWriter: cannot write ${this.path}: ${this.failure.message}`, {
        cause: this.failure,
      });
    }
  }
}
