import { open } from 'node:fs/promises';
import { formatDataFlashInspection, inspectDataFlash } from './inspectDataFlash.js';
import { formatInspection } from './formatInspection.js';
import { inspectTlog, type TlogInspection } from './inspectTlog.js';
import { formatUlogInspection, inspectUlog } from './inspectUlog.js';
import { ULOG_MAGIC } from '../../telemetry/ulog/ulogReader.js';

/** One log format `inspect` reads, recognised by its first bytes (never by the file name). */
interface LogFormatReader {
  /** What its first bytes look like, for the message when none matches. */
  magic: string;
  matches(head: Uint8Array): boolean;
  /** The report as JSON-ready data and as text. */
  inspect(path: string): Promise<{ report: TlogInspection; text: () => string }>;
}

const HEAD_BYTES = 16;
const TLOG_TIME_BYTES = 8;

/** The formats, most specific magic first; a new format is one more entry. */
const READERS: readonly LogFormatReader[] = [
  {
    magic: 'ULog (PX4 .ulg)',
    matches: (head) => ULOG_MAGIC.every((byte, i) => head[i] === byte),
    inspect: async (path) => {
      const report = await inspectUlog(path);
      return { report, text: () => formatUlogInspection(report) };
    },
  },
  {
    magic: 'A3 95 (ArduPilot DataFlash .bin)',
    matches: (head) => head[0] === 0xa3 && head[1] === 0x95,
    inspect: async (path) => {
      const report = await inspectDataFlash(path);
      return { report, text: () => formatDataFlashInspection(report) };
    },
  },
  {
    magic: 'an 8-byte time then FE or FD (MAVLink .tlog)',
    matches: (head) => head[TLOG_TIME_BYTES] === 0xfe || head[TLOG_TIME_BYTES] === 0xfd,
    inspect: async (path) => {
      const report = await inspectTlog(path);
      return { report, text: () => formatInspection(report) };
    },
  },
];

function hex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(' ');
}

async function readHead(path: string): Promise<Uint8Array> {
  const file = await open(path, 'r');
  try {
    const buffer = new Uint8Array(HEAD_BYTES);
    const { bytesRead } = await file.read(buffer, 0, HEAD_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

/** Picks the reader by the file's first bytes; a file no reader knows is refused in one sentence. */
async function readerFor(path: string): Promise<LogFormatReader> {
  const head = await readHead(path);
  if (head.length === 0) throw new Error(`${path} is empty: there is nothing to inspect`);
  const reader = READERS.find((r) => r.matches(head));
  if (reader) return reader;
  throw new Error(
    `${path} is not a log Sortie reads: it starts with ${hex(head.subarray(0, 8))}, ` +
      `where a log starts with ${READERS.map((r) => r.magic).join(' or ')}`,
  );
}

/** Inspects a log of any format Sortie reads. */
export async function inspectLog(path: string): Promise<TlogInspection> {
  return (await (await readerFor(path)).inspect(path)).report;
}

/** What `sortie-link inspect` prints for a log: its report as text or JSON. */
export async function inspectLogOutput(path: string, json: boolean): Promise<string> {
  const { report, text } = await (await readerFor(path)).inspect(path);
  return json ? `${JSON.stringify(report, null, 2)}\n` : text();
}
