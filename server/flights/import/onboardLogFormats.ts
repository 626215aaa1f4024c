import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import {
  FMT_TYPE,
  HEADER_BYTE_1,
  HEADER_BYTE_2,
} from '../../../telemetry/dataflash/dataFlashFormat.js';
import { DataFlashParser } from '../../../telemetry/dataflash/dataFlashParser.js';
import { findLogClock } from '../../../telemetry/dataflash/logClock.js';
import { DataFlashNormaliser } from '../../../telemetry/dataflash/normaliser.js';
import { scanDataFlash } from '../../../telemetry/dataflash/readDataFlash.js';
import type { FlightEvent } from '../../../telemetry/model/flightEvent.js';
import type { AnySample } from '../../../telemetry/model/sample.js';
import { UlogNormaliser } from '../../../telemetry/ulog/ulogNormaliser.js';
import { readUlog, ULOG_MAGIC } from '../../../telemetry/ulog/ulogReader.js';
import { findUlogUtcOffsetUs } from '../../../telemetry/ulog/ulogUtcOffset.js';

export type OnboardLogFormat = 'ulog' | 'dataflash';

/** Where a reader hands its samples and events, and waits when storing falls behind. */
export interface OnboardLogSink {
  batch(samples: AnySample[], events: FlightEvent[]): void;
  /** Resolves once what was handed over is stored far enough for reading to go on. */
  drain(): Promise<void>;
}

export interface OnboardLogProblem {
  offset: number;
  skippedBytes: number;
  message: string;
}

/** What reading a log found, besides its samples and events. */
export interface OnboardLogReport {
  format: OnboardLogFormat;
  /** The MAVLink system id the log names for its vehicle. */
  sysId: number;
  bytes: number;
  /** Bytes passed over because they made no sense (damage), not counting a cut-off end. */
  skippedBytes: number;
  /** The log ends inside a record: the rest was never written (or was cut off in transfer). */
  truncated: boolean;
  /** The reader's own sentences, with byte offsets (the first 200; `problemCount` counts all). */
  problems: OnboardLogProblem[];
  problemCount: number;
  /** Whether the log's times are UTC (from its GPS) or only time since boot. */
  clock: 'gps' | 'boot';
  /** UTC − boot time [µs], null without GPS time: `tUs − bootMs·1000` of every sample. */
  utcMinusBootUs: number | null;
  /** Whether the bytes held the format's definitions and any data at all. */
  hasData: boolean;
}

export interface OnboardLogReader {
  format: OnboardLogFormat;
  /** How the error sentences name the format. */
  label: string;
  extension: string;
  matches(head: Uint8Array): boolean;
  read(path: string, sink: OnboardLogSink): Promise<OnboardLogReport>;
}

const ulogReader: OnboardLogReader = {
  format: 'ulog',
  label: 'PX4 ULog (.ulg)',
  extension: '.ulg',
  matches: (head) => ULOG_MAGIC.every((byte, i) => head[i] === byte),
  async read(path, sink) {
    const utcMinusBootUs = await findUlogUtcOffsetUs(path);
    const normaliser = new UlogNormaliser({
      utcOffsetUs: utcMinusBootUs ?? 0,
      onBatch: (samples, events) => sink.batch(samples, events),
    });
    const handle = await open(path, 'r');
    try {
      const result = await readUlog(
        {
          // Before each chunk: wait for storing to catch up, so memory stays bounded.
          read: async (into, at, length, position) => {
            await sink.drain();
            return (await handle.read(into, at, length, position)).bytesRead;
          },
        },
        normaliser,
      );
      normaliser.flush();
      await sink.drain();
      return {
        format: 'ulog',
        sysId: normaliser.sysId,
        bytes: result.bytes,
        skippedBytes: result.skippedBytes,
        truncated: result.truncated,
        problems: result.problems,
        problemCount: result.problemCount,
        clock: utcMinusBootUs === null ? 'boot' : 'gps',
        utcMinusBootUs,
        hasData: result.isUlog && result.dataMessages > 0,
      };
    } finally {
      await handle.close();
    }
  },
};

/** Records normalised between hand-overs: memory stays bounded. */
const DATAFLASH_RECORDS_PER_BATCH = 4096;

/** The file in 1-MB chunks, each read only once storing has caught up. */
async function* drainedChunks(path: string, sink: OnboardLogSink): AsyncGenerator<Uint8Array> {
  for await (const chunk of createReadStream(path, {
    highWaterMark: 1 << 20,
  }) as AsyncIterable<Buffer>) {
    await sink.drain();
    yield chunk;
  }
}

/** ArduPilot's DataFlash .bin: decodeDataFlash's two passes, the second paced by the sink. */
const dataFlashReader: OnboardLogReader = {
  format: 'dataflash',
  label: 'ArduPilot DataFlash (.bin)',
  extension: '.bin',
  // Every DataFlash log opens with the FMT record that describes FMT itself.
  matches: (head) => head[0] === HEADER_BYTE_1 && head[1] === HEADER_BYTE_2 && head[2] === FMT_TYPE,
  async read(path, sink) {
    const clock = await findLogClock(path);
    const parser = new DataFlashParser(clock.firstBootUs);
    const normaliser = new DataFlashNormaliser(clock);
    let sinceBatch = 0;
    let samples = 0;
    const flush = () => {
      const batch = normaliser.takeSamples();
      const events = normaliser.takeEvents();
      samples += batch.length;
      if (batch.length > 0 || events.length > 0) sink.batch(batch, events);
      sinceBatch = 0;
    };
    await scanDataFlash(
      drainedChunks(path, sink),
      (record) => {
        normaliser.ingest(record);
        if (++sinceBatch >= DATAFLASH_RECORDS_PER_BATCH) flush();
      },
      parser,
    );
    flush();
    await sink.drain();
    const { stats } = parser;
    return {
      format: 'dataflash',
      sysId: normaliser.vehicle().sysId,
      bytes: stats.bytes,
      skippedBytes: stats.skippedBytes,
      truncated: stats.truncatedRecord !== null,
      problems: stats.errors,
      problemCount: stats.errorCount,
      clock: clock.utcMinusBootUs === null ? 'boot' : 'gps',
      utcMinusBootUs: clock.utcMinusBootUs,
      hasData: stats.records > 0 && samples > 0,
    };
  },
};

/**
 * The onboard log formats Sortie reads, told apart by their first bytes (never by the file's
 * name). Adding a format is one entry.
 */
export const ONBOARD_LOG_READERS: readonly OnboardLogReader[] = [ulogReader, dataFlashReader];

/** The formats as the error sentences list them. */
export const ONBOARD_LOG_FORMAT_LABELS = ONBOARD_LOG_READERS.map((r) => r.label).join(', ');

export function readerFor(head: Uint8Array): OnboardLogReader | null {
  return ONBOARD_LOG_READERS.find((reader) => reader.matches(head)) ?? null;
}

const KNOWN_OTHER_TYPES: { name: string; magic: number[] }[] = [
  { name: 'a PNG image', magic: [0x89, 0x50, 0x4e, 0x47] },
  { name: 'a JPEG image', magic: [0xff, 0xd8, 0xff] },
  { name: 'a PDF document', magic: [0x25, 0x50, 0x44, 0x46] },
  { name: 'a ZIP archive', magic: [0x50, 0x4b, 0x03, 0x04] },
  { name: 'a gzip archive', magic: [0x1f, 0x8b] },
];

/** What a file that no reader takes looks like, for the error sentence. */
export function describeOtherFile(head: Uint8Array): string {
  const known = KNOWN_OTHER_TYPES.find((type) => type.magic.every((byte, i) => head[i] === byte));
  if (known) return `it is ${known.name}`;
  const hex = [...head.subarray(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  return `it begins with the bytes ${hex}`;
}
