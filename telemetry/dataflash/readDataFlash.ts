import { readChunks } from '../tlog/readChunks.js';
import { DataFlashParser, type DataFlashRecord, type RecordHandler } from './dataFlashParser.js';

export type ByteSource = string | AsyncIterable<Uint8Array>;

/**
 * Feeds a DataFlash log, a file path or byte chunks, through `parser` in constant memory. Never
 * throws: a read error (missing file, I/O failure) is one more error in `parser.stats`, at the
 * byte offset reached.
 */
export async function scanDataFlash(
  source: ByteSource,
  onRecord: RecordHandler,
  parser: DataFlashParser = new DataFlashParser(),
): Promise<DataFlashParser> {
  try {
    for await (const chunk of readChunks(source)) {
      parser.push(chunk, onRecord);
      if (parser.stopped) return parser;
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    parser.stats.errorCount++;
    parser.stats.errors.push({ offset: parser.stats.bytes, skippedBytes: 0, message: reason });
  }
  parser.finish();
  return parser;
}

/** One record with its fields decoded, the way pymavlink's DFReader shows it. */
export interface DecodedRecord {
  name: string;
  offset: number;
  bootUs: number | null;
  fields: Record<string, number | string | number[]>;
}

/** Decodes every field of every record: for tools and tests; the normaliser reads fields directly. */
export function decodeRecord(record: DataFlashRecord): DecodedRecord {
  return {
    name: record.format.name,
    offset: record.offset,
    bootUs: record.bootUs,
    fields: record.format.values(record.bytes, record.view, record.at),
  };
}
