import { open } from 'node:fs/promises';
import { layoutOf, parseFormat, type UlogFormat, type UlogLayout } from './ulogFormat.js';
import { readText, readTypedValue, type UlogValue } from './ulogValue.js';

/**
 * A streaming ULog (PX4 onboard log) reader: one pass over the file in fixed-size chunks, so
 * memory stays the same whatever the file's size. It hands every message to a visitor as it
 * goes and never throws on the file's content: damage becomes a problem naming its byte
 * offset, and reading goes on at the next message that makes sense.
 *
 * Hand-written rather than @foxglove/ulog, whose reader indexes every message of the file (a
 * per-message time index, memory growing with the log) before it yields the first one.
 */

export const ULOG_MAGIC = [0x55, 0x4c, 0x6f, 0x67, 0x01, 0x12, 0x35] as const;
const HEADER_BYTES = 16;
const MESSAGE_HEADER_BYTES = 3;
const MAX_MESSAGE_BYTES = MESSAGE_HEADER_BYTES + 0xffff;
const CHUNK_BYTES = 1 << 20;
/** Problems kept word for word; beyond this they are only counted (memory stays bounded). */
const MAX_PROBLEMS = 200;
/** Bit 0 of incompat_flags[0]: data was appended after the log (appended_offsets). */
const INCOMPAT_DATA_APPENDED = 1;

const TYPE = {
  flagBits: 0x42, // B
  format: 0x46, // F
  info: 0x49, // I
  infoMultiple: 0x4d, // M
  parameter: 0x50, // P
  parameterDefault: 0x51, // Q
  addLogged: 0x41, // A
  removeLogged: 0x52, // R
  data: 0x44, // D
  logging: 0x4c, // L
  loggingTagged: 0x43, // C
  sync: 0x53, // S
  dropout: 0x4f, // O
} as const;
const SYNC_MAGIC = [0x2f, 0x73, 0x13, 0x20, 0x25, 0x0c, 0xbb, 0x12];

/** One logged topic instance: an 'A' message with its layout and what has been read of it. */
export interface UlogSubscription {
  msgId: number;
  multiId: number;
  topic: string;
  layout: UlogLayout;
  /** Byte offset of the uint64 `timestamp` field, null when the format has none. */
  timestampOffset: number | null;
  count: number;
  firstTimestampUs: number | null;
  lastTimestampUs: number | null;
  /** Free for the visitor: what it decided to do with this topic. */
  handler: unknown;
}

export interface UlogProblem {
  /** Byte offset in the file where the problem starts. */
  offset: number;
  /** Bytes passed over because of it (0 when nothing was skipped). */
  skippedBytes: number;
  message: string;
}

/** Receives the messages in file order. `view`/`bytes` are only valid during the call. */
export interface UlogVisitor {
  /** Set to true to stop reading after the current message. */
  stopped?: boolean;
  info?(key: string, value: UlogValue | null, offset: number): void;
  parameter?(name: string, value: number, offset: number): void;
  subscribe?(subscription: UlogSubscription): void;
  /** `start` is the first payload byte after the msg_id; `length` the payload bytes after it. */
  data?(
    subscription: UlogSubscription,
    view: DataView,
    start: number,
    length: number,
    timestampUs: number,
  ): void;
  /** `level` is the syslog level 0 (emergency) … 7 (debug); `tag` null for untagged messages. */
  log?(level: number, tag: number | null, timestampUs: number, text: string, offset: number): void;
  dropout?(durationMs: number, offset: number): void;
}

export interface UlogReadResult {
  /** False when the bytes are not a ULog (the reason is the first problem). */
  isUlog: boolean;
  version: number | null;
  headerTimestampUs: number | null;
  bytes: number;
  dataAppended: boolean;
  appendedOffsets: number[];
  /** Bytes left unread before an appended-data offset (a message cut off by the append). */
  appendedSkippedBytes: number;
  subscriptions: UlogSubscription[];
  messages: number;
  dataMessages: number;
  logMessages: number;
  dropouts: number;
  dropoutMs: number;
  syncMessages: number;
  /** Data messages whose msg_id no 'A' message subscribed. */
  unknownMessages: number;
  skippedBytes: number;
  /** The log ends inside a message. */
  truncated: boolean;
  problems: UlogProblem[];
  problemCount: number;
  infos: Map<string, UlogValue | null>;
}

/** Where the reader gets its bytes: a file handle, or memory. */
export interface ByteSource {
  read(into: Uint8Array, at: number, length: number, position: number): Promise<number>;
}

export function memorySource(bytes: Uint8Array): ByteSource {
  return {
    read(into, at, length, position) {
      const end = Math.min(bytes.length, position + length);
      if (end <= position) return Promise.resolve(0);
      into.set(bytes.subarray(position, end), at);
      return Promise.resolve(end - position);
    },
  };
}

/** Reads a .ulg file through one file handle. Never throws on content; an unreadable file is a problem too. */
export async function readUlogFile(path: string, visitor: UlogVisitor): Promise<UlogReadResult> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    const result = emptyResult();
    addProblem(result, 0, 0, `cannot open ${path}: ${(error as Error).message}`);
    result.isUlog = false;
    return result;
  }
  try {
    return await readUlog(
      {
        read: async (into, at, length, position) =>
          (await handle.read(into, at, length, position)).bytesRead,
      },
      visitor,
    );
  } finally {
    await handle.close();
  }
}

function emptyResult(): UlogReadResult {
  return {
    isUlog: true,
    version: null,
    headerTimestampUs: null,
    bytes: 0,
    dataAppended: false,
    appendedOffsets: [],
    appendedSkippedBytes: 0,
    subscriptions: [],
    messages: 0,
    dataMessages: 0,
    logMessages: 0,
    dropouts: 0,
    dropoutMs: 0,
    syncMessages: 0,
    unknownMessages: 0,
    skippedBytes: 0,
    truncated: false,
    problems: [],
    problemCount: 0,
    infos: new Map(),
  };
}

function addProblem(
  result: UlogReadResult,
  offset: number,
  skippedBytes: number,
  message: string,
): void {
  result.problemCount++;
  if (result.problems.length < MAX_PROBLEMS)
    result.problems.push({ offset, skippedBytes, message });
}

function hex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ');
}

/** Reads a ULog from any byte source (see readUlogFile). */
export async function readUlog(source: ByteSource, visitor: UlogVisitor): Promise<UlogReadResult> {
  return new UlogStream(source, visitor).run();
}

class UlogStream {
  private readonly buf = new Uint8Array(CHUNK_BYTES + MAX_MESSAGE_BYTES * 2);
  private readonly view = new DataView(this.buf.buffer);
  /** File offset of buf[0]. */
  private bufStart = 0;
  private len = 0;
  private pos = 0;
  private eof = false;
  private readonly result = emptyResult();
  private readonly formats = new Map<string, UlogFormat>();
  private readonly subscriptions = new Map<number, UlogSubscription>();
  private readonly pendingAppended: number[] = [];
  /** The last good data timestamp, for dropouts and messages with none. */
  private lastTimestampUs = 0;
  private flagBitsAllowed = true;
  private readonly unknownIdsReported = new Set<number>();

  constructor(
    private readonly source: ByteSource,
    private readonly visitor: UlogVisitor,
  ) {}

  async run(): Promise<UlogReadResult> {
    const result = this.result;
    try {
      await this.fill(HEADER_BYTES);
      if (!this.readHeader()) return this.done();
      await this.readMessages();
    } catch (error) {
      // A failing read of the file itself (I/O error); the content never throws.
      addProblem(result, this.at(), 0, `reading stopped: ${(error as Error).message}`);
    }
    return this.done();
  }

  private done(): UlogReadResult {
    const result = this.result;
    result.bytes = Math.max(result.bytes, this.bufStart + this.len);
    result.subscriptions = [...this.subscriptions.values()];
    return result;
  }

  private at(): number {
    return this.bufStart + this.pos;
  }

  /** Makes at least `need` bytes available from pos, unless the file ends first. */
  private async fill(need: number): Promise<void> {
    while (this.len - this.pos < need && !this.eof) {
      if (this.pos > 0) {
        this.buf.copyWithin(0, this.pos, this.len);
        this.bufStart += this.pos;
        this.len -= this.pos;
        this.pos = 0;
      }
      const read = await this.source.read(
        this.buf,
        this.len,
        this.buf.length - this.len,
        this.bufStart + this.len,
      );
      if (read <= 0) this.eof = true;
      else this.len += read;
    }
  }

  /** Moves to a file offset at or after the current one. */
  private jumpTo(offset: number): void {
    if (offset <= this.bufStart + this.len) {
      this.pos = offset - this.bufStart;
      return;
    }
    this.bufStart = offset;
    this.len = 0;
    this.pos = 0;
  }

  private readHeader(): boolean {
    const result = this.result;
    const available = this.len - this.pos;
    const head = this.buf.subarray(0, Math.min(available, HEADER_BYTES));
    const magicOk = ULOG_MAGIC.every((b, i) => head[i] === b);
    if (!magicOk) {
      result.isUlog = false;
      result.bytes = this.len;
      const reason =
        available === 0
          ? 'the file is empty'
          : `it starts with ${hex(head.subarray(0, Math.min(8, head.length)))}, not "ULog" 01 12 35`;
      addProblem(result, 0, 0, `not a ULog file: ${reason}`);
      return false;
    }
    if (available < HEADER_BYTES) {
      result.truncated = true;
      addProblem(result, 0, available, `the ULog header is cut off after ${available} of 16 bytes`);
      return false;
    }
    result.version = head[7]!;
    result.headerTimestampUs =
      this.view.getUint32(12, true) * 4294967296 + this.view.getUint32(8, true);
    this.lastTimestampUs = result.headerTimestampUs;
    this.pos = HEADER_BYTES;
    return true;
  }

  private async readMessages(): Promise<void> {
    const result = this.result;
    for (;;) {
      if (this.len - this.pos < MAX_MESSAGE_BYTES * 2 && !this.eof)
        await this.fill(MAX_MESSAGE_BYTES * 2);
      const available = this.len - this.pos;
      if (available === 0) break;
      const at = this.at();
      const nextAppended = this.pendingAppended[0];
      if (nextAppended !== undefined && at >= nextAppended) {
        this.pendingAppended.shift();
        continue;
      }
      if (available < MESSAGE_HEADER_BYTES) {
        this.cutOff(at, available);
        break;
      }
      const p = this.pos;
      const size = this.buf[p]! | (this.buf[p + 1]! << 8);
      const type = this.buf[p + 2]!;
      const end = at + MESSAGE_HEADER_BYTES + size;
      if (nextAppended !== undefined && end > nextAppended) {
        // As PX4 appends after a crash, the message that straddles the offset is incomplete.
        result.appendedSkippedBytes += nextAppended - at;
        this.pendingAppended.shift();
        this.jumpTo(nextAppended);
        continue;
      }
      const verdict = this.check(p, size, type, available);
      if (verdict === 'cut') {
        this.cutOff(at, available);
        break;
      }
      if (verdict === 'corrupt') {
        await this.resync(at, type, size);
        continue;
      }
      result.messages++;
      this.dispatch(p + MESSAGE_HEADER_BYTES, size, type, at);
      this.pos += MESSAGE_HEADER_BYTES + size;
      if (this.visitor.stopped === true) return;
    }
    for (const offset of this.pendingAppended) {
      if (offset > this.at()) {
        addProblem(
          result,
          offset,
          0,
          `appended-data offset ${offset} lies beyond the end of the file`,
        );
      }
    }
  }

  private cutOff(at: number, available: number): void {
    this.result.truncated = true;
    this.result.skippedBytes += available;
    addProblem(
      this.result,
      at,
      available,
      `the log ends inside a message: ${available} bytes at the end are an incomplete message`,
    );
    this.pos = this.len;
  }

  /**
   * Whether a message header at p makes sense. `cut`: it does, but the file ends before the
   * message does; `corrupt`: it does not (garbage, or a type this reader does not know).
   */
  private check(
    p: number,
    size: number,
    type: number,
    available: number,
  ): 'ok' | 'cut' | 'corrupt' {
    if (!this.plausible(p, size, type)) return 'corrupt';
    if (available < MESSAGE_HEADER_BYTES + size) return this.eof ? 'cut' : 'corrupt';
    return 'ok';
  }

  private plausible(p: number, size: number, type: number): boolean {
    switch (type) {
      case TYPE.data: {
        if (size < 2 || this.len - p < 5) return size >= 2 && this.eof;
        const sub = this.subscriptions.get(this.buf[p + 3]! | (this.buf[p + 4]! << 8));
        // An unknown msg_id or a size no format allows is taken as damage, not skipped by size:
        // in garbage, a 'D' with a wild size would swallow good messages after it.
        return (
          sub !== undefined && size - 2 >= sub.layout.minSize && size - 2 <= sub.layout.maxSize
        );
      }
      case TYPE.logging:
        return size >= 9 && size <= 4096;
      case TYPE.loggingTagged:
        return size >= 11 && size <= 4096;
      case TYPE.sync:
        return size === 8;
      case TYPE.dropout:
        return size === 2;
      case TYPE.addLogged:
        return size >= 4 && size <= 512;
      case TYPE.removeLogged:
        return size === 2;
      case TYPE.format:
        return size >= 3;
      case TYPE.info:
      case TYPE.parameter:
        return size >= 2 && (this.len - p < 4 || this.buf[p + 3]! + 1 <= size);
      case TYPE.infoMultiple:
      case TYPE.parameterDefault:
        return size >= 3 && (this.len - p < 5 || this.buf[p + 4]! + 2 <= size);
      case TYPE.flagBits:
        return size >= 40 && this.flagBitsAllowed;
      default:
        return false;
    }
  }

  /** A header and the next one both make sense (or the file ends right after the first). */
  private plausibleAt(p: number): boolean {
    if (this.len - p < MESSAGE_HEADER_BYTES) return false;
    const size = this.buf[p]! | (this.buf[p + 1]! << 8);
    const type = this.buf[p + 2]!;
    if (!this.plausible(p, size, type)) return false;
    if (type === TYPE.sync) return SYNC_MAGIC.every((b, i) => this.buf[p + 3 + i] === b);
    const next = p + MESSAGE_HEADER_BYTES + size;
    if (next > this.len) return false;
    if (next === this.len) return this.eof;
    if (this.len - next < MESSAGE_HEADER_BYTES) return this.eof;
    const nextSize = this.buf[next]! | (this.buf[next + 1]! << 8);
    return this.plausible(next, nextSize, this.buf[next + 2]!);
  }

  /** Skips damaged bytes up to the next place where two messages in a row make sense. */
  private async resync(startAt: number, type: number, size: number): Promise<void> {
    let p = this.pos + 1;
    for (;;) {
      if (!this.eof && this.len - p < MAX_MESSAGE_BYTES * 2) {
        this.pos = p;
        await this.fill(MAX_MESSAGE_BYTES * 2);
        p = this.pos;
      }
      if (this.len - p < MESSAGE_HEADER_BYTES) {
        p = this.len;
        break;
      }
      if (this.plausibleAt(p)) break;
      p++;
    }
    this.pos = p;
    const skipped = this.at() - startAt;
    this.result.skippedBytes += skipped;
    const what =
      type >= 0x20 && type < 0x7f
        ? `a message header (type '${String.fromCharCode(type)}', ${size} bytes) that does not fit the log`
        : `bytes that are no message header (type byte 0x${type.toString(16).padStart(2, '0')})`;
    const where =
      this.len - p < MESSAGE_HEADER_BYTES ? 'to the end of the file' : `to offset ${this.at()}`;
    addProblem(
      this.result,
      startAt,
      skipped,
      `${what} at offset ${startAt}: skipped ${skipped} bytes ${where}`,
    );
  }

  private dispatch(start: number, size: number, type: number, at: number): void {
    const end = start + size;
    if (type !== TYPE.flagBits) this.flagBitsAllowed = false;
    switch (type) {
      case TYPE.data:
        this.onData(start, size);
        return;
      case TYPE.logging: {
        const level = this.buf[start]! - 0x30;
        const timestampUs = this.u64(start + 1);
        this.result.logMessages++;
        this.visitor.log?.(level, null, timestampUs, readText(this.buf, start + 9, end), at);
        return;
      }
      case TYPE.loggingTagged: {
        const level = this.buf[start]! - 0x30;
        const tag = this.view.getUint16(start + 1, true);
        const timestampUs = this.u64(start + 3);
        this.result.logMessages++;
        this.visitor.log?.(level, tag, timestampUs, readText(this.buf, start + 11, end), at);
        return;
      }
      case TYPE.format: {
        const text = readText(this.buf, start, end);
        const format = parseFormat(text);
        if (!format)
          addProblem(
            this.result,
            at,
            0,
            `format message at offset ${at} cannot be read: "${text.slice(0, 80)}"`,
          );
        else this.formats.set(format.name, format);
        return;
      }
      case TYPE.addLogged:
        this.onAddLogged(start, end, at);
        return;
      case TYPE.removeLogged:
        this.subscriptions.delete(this.view.getUint16(start, true));
        return;
      case TYPE.info:
      case TYPE.parameter:
        this.onKeyValue(type, start + 1, this.buf[start]!, end, at);
        return;
      case TYPE.infoMultiple:
        // Multi-part infos (boot console, perf counters, event metadata) are only named.
        this.visitor.info?.(
          readText(this.buf, start + 2, start + 2 + this.buf[start + 1]!),
          null,
          at,
        );
        return;
      case TYPE.parameterDefault:
        return;
      case TYPE.flagBits:
        this.onFlagBits(start, at);
        return;
      case TYPE.sync:
        this.result.syncMessages++;
        return;
      case TYPE.dropout: {
        const durationMs = this.view.getUint16(start, true);
        this.result.dropouts++;
        this.result.dropoutMs += durationMs;
        this.visitor.dropout?.(durationMs, at);
        return;
      }
    }
  }

  private u64(at: number): number {
    return this.view.getUint32(at + 4, true) * 4294967296 + this.view.getUint32(at, true);
  }

  private onData(start: number, size: number): void {
    const sub = this.subscriptions.get(this.view.getUint16(start, true))!;
    const payload = start + 2;
    const length = size - 2;
    let timestampUs = this.lastTimestampUs;
    if (sub.timestampOffset !== null) {
      timestampUs = this.u64(payload + sub.timestampOffset);
      if (timestampUs > this.lastTimestampUs) this.lastTimestampUs = timestampUs;
    }
    sub.count++;
    sub.firstTimestampUs ??= timestampUs;
    sub.lastTimestampUs = timestampUs;
    this.result.dataMessages++;
    this.visitor.data?.(sub, this.view, payload, length, timestampUs);
  }

  private onAddLogged(start: number, end: number, at: number): void {
    const multiId = this.buf[start]!;
    const msgId = this.view.getUint16(start + 1, true);
    const topic = readText(this.buf, start + 3, end);
    const layout = layoutOf(topic, this.formats);
    if (typeof layout === 'string') {
      addProblem(
        this.result,
        at,
        0,
        `topic ${topic} (msg_id ${msgId}) at offset ${at} cannot be read: ${layout}`,
      );
      return;
    }
    const timestamp = layout.fields.get('timestamp');
    const sub: UlogSubscription = {
      msgId,
      multiId,
      topic,
      layout,
      timestampOffset:
        timestamp && timestamp.type === 'uint64_t' && timestamp.arraySize === 0
          ? timestamp.offset
          : null,
      count: 0,
      firstTimestampUs: null,
      lastTimestampUs: null,
      handler: null,
    };
    this.subscriptions.set(msgId, sub);
    this.visitor.subscribe?.(sub);
  }

  private onKeyValue(
    type: number,
    keyStart: number,
    keyLength: number,
    end: number,
    at: number,
  ): void {
    const key = readText(this.buf, keyStart, keyStart + keyLength);
    const space = key.lastIndexOf(' ');
    const valueType = key.slice(0, space);
    const name = key.slice(space + 1);
    const value = readTypedValue(valueType, this.buf, this.view, keyStart + keyLength, end);
    if (type === TYPE.info) {
      if (this.result.infos.size < 256) this.result.infos.set(name, value);
      this.visitor.info?.(name, value, at);
    } else if (typeof value === 'number') {
      this.visitor.parameter?.(name, value, at);
    }
  }

  private onFlagBits(start: number, at: number): void {
    const incompat = this.buf.subarray(start + 8, start + 16);
    this.result.dataAppended = (incompat[0]! & INCOMPAT_DATA_APPENDED) !== 0;
    if (
      (incompat[0]! & ~INCOMPAT_DATA_APPENDED) !== 0 ||
      incompat.subarray(1).some((b) => b !== 0)
    ) {
      addProblem(
        this.result,
        at,
        0,
        `flag bits at offset ${at} name incompatible features this reader does not know (${hex(incompat)}); reading on`,
      );
    }
    if (!this.result.dataAppended) return;
    for (let i = 0; i < 3; i++) {
      const offset = this.u64(start + 16 + i * 8);
      if (offset > 0) this.result.appendedOffsets.push(offset);
    }
    this.pendingAppended.push(
      ...this.result.appendedOffsets.filter((o) => o > at).sort((a, b) => a - b),
    );
  }
}
