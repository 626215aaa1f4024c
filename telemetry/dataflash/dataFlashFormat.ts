import { FIELD_TYPES, readNumber, readText } from './formatChars.js';

/** Every DataFlash record starts with these two bytes, then its type. */
export const HEADER_BYTE_1 = 0xa3;
export const HEADER_BYTE_2 = 0x95;
export const HEADER_BYTES = 3;
/** The FMT record describes itself with this fixed type, length and layout. */
export const FMT_TYPE = 0x80;
export const FMT_LENGTH = 89;

/** Where a record's time comes from. */
export type TimeSource =
  | { kind: 'none' }
  /** time since boot [µs] in this column (TimeUS, newer logs) */
  | { kind: 'us'; column: number }
  /** time since boot [ms] in this column (TimeMS of older logs; GPS.T there) */
  | { kind: 'ms'; column: number };

export interface Column {
  name: string;
  type: string;
  /** Offset from the start of the record, header included [bytes]. */
  at: number;
  /** Multiplier to SI from FMTU/MULT when the type has no scale of its own; 1 when unknown. */
  multiplier: number;
  /** Unit label from FMTU/UNIT, '' when the log gives none. */
  unit: string;
}

/**
 * One record type as a FMT record declares it: its name, length and columns. Built once per FMT
 * and shared by every record of the type, so reading a field is an offset and a typed read.
 */
export class DataFlashFormat {
  readonly columns: Column[];
  readonly columnIndex: ReadonlyMap<string, number>;
  readonly time: TimeSource;
  /** Null when the format is usable; else why not (its records are stepped over, not decoded). */
  readonly problem: string | null;

  constructor(
    readonly type: number,
    readonly name: string,
    /** Whole record, header included [bytes]. */
    readonly lengthBytes: number,
    readonly format: string,
    columnNames: string[],
  ) {
    this.columns = [];
    let at = HEADER_BYTES;
    let problem: string | null = null;
    for (let i = 0; i < format.length; i++) {
      const char = format[i] as string;
      const fieldType = FIELD_TYPES[char];
      if (!fieldType) {
        problem = `unknown field type '${char}' in format "${format}"`;
        break;
      }
      this.columns.push({
        name: columnNames[i] ?? `field${i}`,
        type: char,
        at,
        multiplier: 1,
        unit: '',
      });
      at += fieldType.sizeBytes;
    }
    if (problem === null && at > lengthBytes) {
      problem = `format "${format}" needs ${at} bytes but the record is ${lengthBytes}`;
    }
    if (problem === null && lengthBytes < HEADER_BYTES)
      problem = `length ${lengthBytes} is too short`;
    this.problem = problem;
    this.columnIndex = new Map(this.columns.map((c, i) => [c.name, i]));
    this.time = timeSourceOf(name, this.columns);
  }

  /** Numeric value of column `column` of the record at byte `at` of `view`, type scale applied. */
  number(view: DataView, at: number, column: number): number {
    const c = this.columns[column];
    return c ? readNumber(view, at + c.at, c.type) : NaN;
  }

  /** The same value in SI units: the FMTU/MULT multiplier applied as well. */
  si(view: DataView, at: number, column: number): number {
    const c = this.columns[column];
    return c ? readNumber(view, at + c.at, c.type) * c.multiplier : NaN;
  }

  text(bytes: Uint8Array, at: number, column: number): string {
    const c = this.columns[column];
    if (!c) return '';
    return readText(bytes, at + c.at, FIELD_TYPES[c.type]?.sizeBytes ?? 0);
  }

  /** Time since boot of the record [µs], or null when it carries none. */
  bootUs(view: DataView, at: number): number | null {
    const time = this.time;
    if (time.kind === 'none') return null;
    const value = this.number(view, at, time.column);
    return time.kind === 'us' ? value : value * 1000;
  }

  /** All fields as an object, the way pymavlink's DFReader shows them (for tools and tests). */
  values(
    bytes: Uint8Array,
    view: DataView,
    at: number,
  ): Record<string, number | string | number[]> {
    const out: Record<string, number | string | number[]> = {};
    this.columns.forEach((c, i) => {
      const kind = FIELD_TYPES[c.type]?.kind;
      if (kind === 'text') out[c.name] = this.text(bytes, at, i);
      else if (kind === 'array') {
        const values: number[] = [];
        for (let k = 0; k < 32; k++) values.push(view.getInt16(at + c.at + 2 * k, true));
        out[c.name] = values;
      } else out[c.name] = this.number(view, at, i);
    });
    return out;
  }

  /** FMTU: unit and multiplier ids, one character per column ('-' none, '?' unknown). */
  applyUnits(
    unitIds: string,
    multIds: string,
    units: ReadonlyMap<string, string>,
    multipliers: ReadonlyMap<string, number>,
  ): void {
    this.columns.forEach((c, i) => {
      c.unit = units.get(unitIds[i] ?? '') ?? '';
      const multiplier = multipliers.get(multIds[i] ?? '');
      const typeScale = FIELD_TYPES[c.type]?.scale ?? 1;
      // A type with its own scale (c, e, L …) is already in the unit; its MULT says the same.
      c.multiplier =
        typeScale === 1 && multiplier !== undefined && multiplier !== 0 ? multiplier : 1;
    });
  }
}

/** Boot-time fields pymavlink also trusts: GPS.TimeMS of old logs is GPS time of week, not boot. */
function timeSourceOf(name: string, columns: Column[]): TimeSource {
  const first = columns[0]?.name;
  if (first === 'TimeUS') return { kind: 'us', column: 0 };
  const isGps = name === 'GPS' || name === 'GPS2';
  if (isGps) {
    const t = columns.findIndex((c) => c.name === 'T');
    return t >= 0 ? { kind: 'ms', column: t } : { kind: 'none' };
  }
  if (first === 'TimeMS' && !name.startsWith('ACC') && !name.startsWith('GYR')) {
    return { kind: 'ms', column: 0 };
  }
  return { kind: 'none' };
}

/** The FMT record's own format, known before any record is read. */
export function fmtFormat(): DataFlashFormat {
  return new DataFlashFormat(FMT_TYPE, 'FMT', FMT_LENGTH, 'BBnNZ', [
    'Type',
    'Length',
    'Name',
    'Format',
    'Columns',
  ]);
}
