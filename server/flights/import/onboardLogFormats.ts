import { open } from 'node:fs/promises';
import type { FlightEvent } from '../../../telemetry/model/flightEvent.js';
import type { AnySample } from '../../../telemetry/model/sample.js';
import { UlogNormaliser } from '../../../telemetry/ulog/ulogNormaliser.js';
import { readUlog, ULOG_MAGIC } from '../../../telemetry/ulog/ulogReader.js';
import { findUlogUtcOffsetUs } from '../../../telemetry/ulog/ulogUtcOffset.js';

export type OnboardLogFormat = 'ulog';

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

/**
 * The onboard log formats Sortie reads, told apart by their first bytes (never by the file's
 * name). Adding a format is one entry.
 */
export const ONBOARD_LOG_READERS: readonly OnboardLogReader[] = [ulogReader];

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
