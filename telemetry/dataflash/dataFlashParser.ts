import {
  DataFlashFormat,
  FMT_TYPE,
  fmtFormat,
  HEADER_BYTE_1,
  HEADER_BYTE_2,
  HEADER_BYTES,
} from './dataFlashFormat.js';

/**
 * One record as the parser hands it over. The object and its bytes are reused for the next
 * record: read what you need inside the callback, keep nothing.
 */
export interface DataFlashRecord {
  format: DataFlashFormat;
  bytes: Uint8Array;
  view: DataView;
  /** Index of the record's first header byte in `bytes`. */
  at: number;
  /** Byte offset of the record in the file. */
  offset: number;
  /**
   * Time since boot [µs]: the record's own, or, for a record without one, the time of the record
   * before it (null until the first timed record, unless a first boot time was given).
   */
  bootUs: number | null;
  /** Whether `bootUs` is the record's own time. */
  timed: boolean;
}

export type RecordHandler = (record: DataFlashRecord) => void;

/** Something wrong in the file, at a byte offset. */
export interface ReadError {
  offset: number;
  /** Bytes passed over because of it (0 when nothing was skipped). */
  skippedBytes: number;
  message: string;
}

export interface DataFlashStats {
  bytes: number;
  records: number;
  /** Bytes stepped over because they are not a record (corruption, fill, a foreign file). */
  skippedBytes: number;
  /** Record headers of a type no FMT record declared. */
  unknownTypeHeaders: number;
  /** A record cut off by the end of the file, if any. */
  truncatedRecord: {
    offset: number;
    typeName: string;
    bytesPresent: number;
    lengthBytes: number;
  } | null;
  /** The first errors in file order; `errorCount` counts them all. */
  errors: ReadError[];
  errorCount: number;
}

const MAX_ERRORS_KEPT = 100;

function hex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(' ');
}

/**
 * Splits a DataFlash byte stream into records, chunk by chunk, in constant memory (at most one
 * partial record is carried between chunks). It learns the record types from the FMT records
 * (and units from FMTU, UNIT, MULT) as they come. It never throws on the bytes: bytes that are
 * not a record are skipped and reported with their offset, as pymavlink's DFReader skips them.
 */
export class DataFlashParser {
  readonly stats: DataFlashStats = {
    bytes: 0,
    records: 0,
    skippedBytes: 0,
    unknownTypeHeaders: 0,
    truncatedRecord: null,
    errors: [],
    errorCount: 0,
  };
  /** Set by a handler to stop early (the rest of the current chunk is not looked at). */
  stopped = false;
  private readonly formats: (DataFlashFormat | undefined)[] = new Array(256);
  private readonly counts = new Map<DataFlashFormat, number>();
  private readonly units = new Map<string, string>();
  private readonly multipliers = new Map<string, number>();
  private carry: Uint8Array = new Uint8Array(0);
  /** File offset of the first byte not yet consumed (the carry's first byte). */
  private offset = 0;
  private lastBootUs: number | null;
  private skipStart: number | null = null;
  private firstBytes = new Uint8Array(0);
  private readonly record: DataFlashRecord;
  private fmtuFormat: DataFlashFormat | null = null;
  private unitFormat: DataFlashFormat | null = null;
  private multFormat: DataFlashFormat | null = null;
  private readonly reportedFormats = new Set<DataFlashFormat>();

  /** `firstBootUs`: the time to give records that come before any timed one. */
  constructor(firstBootUs: number | null = null) {
    this.formats[FMT_TYPE] = fmtFormat();
    this.lastBootUs = firstBootUs;
    this.record = {
      format: this.formats[FMT_TYPE],
      bytes: this.carry,
      view: new DataView(this.carry.buffer),
      at: 0,
      offset: 0,
      bootUs: null,
      timed: false,
    };
  }

  /** Records per type name, in order of first appearance of the type. */
  recordCounts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [format, count] of this.counts) out[format.name] = (out[format.name] ?? 0) + count;
    return out;
  }

  formatNamed(name: string): DataFlashFormat | undefined {
    return this.formats.find((f) => f?.name === name);
  }

  push(chunk: Uint8Array, onRecord: RecordHandler): void {
    if (this.stopped || chunk.length === 0) return;
    if (this.stats.bytes === 0) this.firstBytes = chunk.slice(0, 16);
    this.stats.bytes += chunk.length;
    let bytes = chunk;
    if (this.carry.length > 0) {
      bytes = new Uint8Array(this.carry.length + chunk.length);
      bytes.set(this.carry, 0);
      bytes.set(chunk, this.carry.length);
    }
    const consumed = this.scan(bytes, onRecord);
    this.offset += consumed;
    // Only a partial record (or a partial header) is left: copy it, so the chunk can be freed.
    // At most one record less a byte: a record's length is one byte in its FMT (≤ 255).
    this.carry = consumed < bytes.length ? bytes.slice(consumed) : new Uint8Array(0);
  }

  /** End of the bytes: reports a cut-off record or trailing bytes, and a file with no record. */
  finish(): void {
    const rest = this.carry;
    if (!this.stopped && rest.length > 0) {
      const type = rest.length >= HEADER_BYTES ? rest[2] : undefined;
      const format = type === undefined ? undefined : this.formats[type];
      if (format && rest[0] === HEADER_BYTE_1 && rest[1] === HEADER_BYTE_2) {
        this.closeSkip(this.offset);
        this.stats.truncatedRecord = {
          offset: this.offset,
          typeName: format.name,
          bytesPresent: rest.length,
          lengthBytes: format.lengthBytes,
        };
        this.error(
          this.offset,
          rest.length,
          `the log ends inside a ${format.name} record: ${rest.length} of its ${format.lengthBytes} bytes ` +
            'are present (the file was cut off)',
        );
      } else {
        this.skipStart ??= this.offset;
        this.stats.skippedBytes += rest.length;
      }
      this.offset += rest.length;
      this.carry = new Uint8Array(0);
    }
    this.closeSkip(this.offset, true);
    if (this.stats.bytes === 0) {
      this.error(0, 0, 'the log is empty (0 bytes)');
    } else if (this.stats.records === 0) {
      this.error(
        0,
        0,
        `no DataFlash record in ${this.stats.bytes} bytes: the file starts with ${hex(this.firstBytes.subarray(0, 8))}, ` +
          'a DataFlash log starts with A3 95',
      );
    }
  }

  /** Returns how many bytes of `bytes` were consumed. */
  private scan(bytes: Uint8Array, onRecord: RecordHandler): number {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const formats = this.formats;
    const counts = this.counts;
    const record = this.record;
    record.bytes = bytes;
    record.view = view;
    const n = bytes.length;
    let i = 0;
    while (i + HEADER_BYTES <= n) {
      if (bytes[i] !== HEADER_BYTE_1 || bytes[i + 1] !== HEADER_BYTE_2) {
        this.skipStart ??= this.offset + i;
        const next = bytes.indexOf(HEADER_BYTE_1, i + 1);
        const to = next < 0 ? n : next;
        this.stats.skippedBytes += to - i;
        i = to;
        continue;
      }
      const format = formats[bytes[i + 2] as number];
      if (!format) {
        this.skipStart ??= this.offset + i;
        this.stats.unknownTypeHeaders++;
        this.stats.skippedBytes++;
        i++;
        continue;
      }
      const length = format.lengthBytes;
      if (i + length > n) break;
      if (this.skipStart !== null) this.closeSkip(this.offset + i);
      this.stats.records++;
      counts.set(format, (counts.get(format) ?? 0) + 1);
      if (format.problem !== null) {
        this.reportFormat(format, this.offset + i);
        i += Math.max(length, 1);
        continue;
      }
      const own = format.time.kind === 'none' ? null : format.bootUs(view, i);
      if (own !== null) this.lastBootUs = own;
      record.format = format;
      record.at = i;
      record.offset = this.offset + i;
      record.bootUs = this.lastBootUs;
      record.timed = own !== null;
      if (format.type === FMT_TYPE) this.onFmt(bytes, view, i);
      else if (format === this.fmtuFormat) this.onFmtu(bytes, view, i);
      else if (format === this.unitFormat) this.onUnit(bytes, view, i);
      else if (format === this.multFormat) this.onMult(view, i);
      onRecord(record);
      i += length;
      if (this.stopped) return n;
    }
    return i;
  }

  private onFmt(bytes: Uint8Array, view: DataView, at: number): void {
    const fmt = this.formats[FMT_TYPE] as DataFlashFormat;
    const type = fmt.number(view, at, 0);
    const length = fmt.number(view, at, 1);
    const name = fmt.text(bytes, at, 2);
    const format = fmt.text(bytes, at, 3);
    const columns = fmt.text(bytes, at, 4);
    if (type === FMT_TYPE) return;
    const defined = new DataFlashFormat(
      type,
      name,
      length,
      format,
      columns === '' ? [] : columns.split(','),
    );
    this.formats[type] = defined;
    if (name === 'FMTU') this.fmtuFormat = defined;
    else if (name === 'UNIT') this.unitFormat = defined;
    else if (name === 'MULT') this.multFormat = defined;
  }

  private onFmtu(bytes: Uint8Array, view: DataView, at: number): void {
    const f = this.fmtuFormat as DataFlashFormat;
    const type = f.number(view, at, f.columnIndex.get('FmtType') ?? -1);
    const target = Number.isInteger(type) ? this.formats[type] : undefined;
    if (!target) return;
    const unitIds = f.text(bytes, at, f.columnIndex.get('UnitIds') ?? -1);
    const multIds = f.text(bytes, at, f.columnIndex.get('MultIds') ?? -1);
    target.applyUnits(unitIds, multIds, this.units, this.multipliers);
  }

  private onUnit(bytes: Uint8Array, view: DataView, at: number): void {
    const f = this.unitFormat as DataFlashFormat;
    const id = f.number(view, at, f.columnIndex.get('Id') ?? -1);
    this.units.set(String.fromCharCode(id), f.text(bytes, at, f.columnIndex.get('Label') ?? -1));
  }

  private onMult(view: DataView, at: number): void {
    const f = this.multFormat as DataFlashFormat;
    const id = f.number(view, at, f.columnIndex.get('Id') ?? -1);
    // Logged as a double but written from a float: round to float precision, as pymavlink does.
    const mult = Number(f.number(view, at, f.columnIndex.get('Mult') ?? -1).toPrecision(7));
    this.multipliers.set(String.fromCharCode(id), mult);
  }

  private closeSkip(nextRecordOffset: number, atEnd = false): void {
    const start = this.skipStart;
    if (start === null) return;
    this.skipStart = null;
    const length = nextRecordOffset - start;
    if (length <= 0) return;
    this.error(
      start,
      length,
      atEnd
        ? `skipped the last ${length} bytes: they are not a record`
        : `skipped ${length} bytes that are not a record (records resume at offset ${nextRecordOffset})`,
    );
  }

  private reportFormat(format: DataFlashFormat, offset: number): void {
    if (this.reportedFormats.has(format)) return;
    this.reportedFormats.add(format);
    this.error(offset, 0, `${format.name} records cannot be decoded: ${format.problem ?? ''}`);
  }

  private error(offset: number, skippedBytes: number, message: string): void {
    this.stats.errorCount++;
    if (this.stats.errors.length < MAX_ERRORS_KEPT) {
      this.stats.errors.push({ offset, skippedBytes, message });
    }
  }
}
