import { readChunks } from './readChunks.js';
import type { TlogRecord } from './tlogRecord.js';
import { TlogRecordSplitter } from './tlogRecordSplitter.js';

/**
 * Streams the records of a .tlog, file path or byte chunks, in constant memory. Damaged bytes
 * never throw: they are skipped and counted in `splitter.stats` (pass your own splitter to read
 * them afterwards). Only I/O errors throw, naming the file and the byte offset reached.
 */
export async function* readTlog(
  source: string | AsyncIterable<Uint8Array>,
  splitter: TlogRecordSplitter = new TlogRecordSplitter(),
): AsyncGenerator<TlogRecord> {
  const ready: TlogRecord[] = [];
  const collect = (record: TlogRecord): void => {
    ready.push(record);
  };
  for await (const chunk of readChunks(source)) {
    splitter.push(chunk, collect);
    yield* ready;
    ready.length = 0;
  }
  splitter.finish(collect);
  yield* ready;
}
