import { open } from 'node:fs/promises';
import { inspectDataFlash } from './inspectDataFlash.js';
import type { LogInspection } from './inspection.js';
import { inspectTlog } from './inspectTlog.js';

/** One log format `inspect` reads, recognised by its first bytes (never by the file name). */
interface LogFormatReader {
  /** What its first bytes look like, for the message when none matches. */
  magic: string;
  matches(head: Uint8Array): boolean;
  inspect(path: string): Promise<LogInspection>;
}

const HEAD_BYTES = 16;
const TLOG_TIME_BYTES = 8;

/** The formats, most specific magic first. */
const READERS: readonly LogFormatReader[] = [
  {
    magic: 'A3 95 (ArduPilot DataFlash .bin)',
    matches: (head) => head[0] === 0xa3 && head[1] === 0x95,
    inspect: inspectDataFlash,
  },
  {
    magic: 'an 8-byte time then FE or FD (MAVLink .tlog)',
    matches: (head) => head[TLOG_TIME_BYTES] === 0xfe || head[TLOG_TIME_BYTES] === 0xfd,
    inspect: inspectTlog,
  },
];

export class UnknownLogFormatError extends Error {}

function hex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(' ');
}

/** Inspects a log of any format Sortie reads, chosen by the file's first bytes. */
export async function inspectLog(path: string): Promise<LogInspection> {
  const file = await open(path, 'r');
  let head: Uint8Array;
  try {
    const buffer = new Uint8Array(HEAD_BYTES);
    const { bytesRead } = await file.read(buffer, 0, HEAD_BYTES, 0);
    head = buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
  if (head.length === 0)
    throw new UnknownLogFormatError(`${path} is empty: there is nothing to inspect`);
  const reader = READERS.find((r) => r.matches(head));
  if (!reader) {
    throw new UnknownLogFormatError(
      `${path} is not a log Sortie reads: it starts with ${hex(head.subarray(0, 8))}, ` +
        `where a log starts with ${READERS.map((r) => r.magic).join(' or ')}`,
    );
  }
  return reader.inspect(path);
}
