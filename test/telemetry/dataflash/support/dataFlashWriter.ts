/**
 * Writes small DataFlash logs of known content for tests: FMT records, then records of those
 * formats, byte for byte as ArduPilot's AP_Logger lays them out (little-endian, A3 95 header).
 */
export interface RecordFormat {
  type: number;
  name: string;
  /** Field types, one character per column (the FMT format string). */
  format: string;
  columns: string[];
}

const SIZES: Record<string, number> = {
  b: 1,
  B: 1,
  M: 1,
  h: 2,
  H: 2,
  c: 2,
  C: 2,
  i: 4,
  I: 4,
  e: 4,
  E: 4,
  L: 4,
  f: 4,
  d: 8,
  q: 8,
  Q: 8,
  n: 4,
  N: 16,
  Z: 64,
};

export function recordLength(format: string): number {
  return 3 + [...format].reduce((sum, c) => sum + (SIZES[c] ?? 0), 0);
}

const FMT: RecordFormat = {
  type: 0x80,
  name: 'FMT',
  format: 'BBnNZ',
  columns: ['Type', 'Length', 'Name', 'Format', 'Columns'],
};

export class DataFlashWriter {
  private readonly parts: Uint8Array[] = [];

  /** Declares a format with a FMT record. */
  fmt(format: RecordFormat): this {
    return this.record(FMT, [
      format.type,
      recordLength(format.format),
      format.name,
      format.format,
      format.columns.join(','),
    ]);
  }

  record(format: RecordFormat, values: (number | string)[]): this {
    const bytes = new Uint8Array(recordLength(format.format));
    const view = new DataView(bytes.buffer);
    bytes.set([0xa3, 0x95, format.type]);
    let at = 3;
    [...format.format].forEach((c, i) => {
      const value = values[i] ?? 0;
      const n = typeof value === 'number' ? value : 0;
      switch (c) {
        case 'b':
        case 'M':
          view.setInt8(at, n);
          break;
        case 'B':
          view.setUint8(at, n);
          break;
        case 'h':
          view.setInt16(at, n, true);
          break;
        case 'H':
          view.setUint16(at, n, true);
          break;
        case 'c':
          view.setInt16(at, Math.round(n * 100), true);
          break;
        case 'C':
          view.setUint16(at, Math.round(n * 100), true);
          break;
        case 'i':
          view.setInt32(at, n, true);
          break;
        case 'I':
          view.setUint32(at, n, true);
          break;
        case 'e':
          view.setInt32(at, Math.round(n * 100), true);
          break;
        case 'E':
          view.setUint32(at, Math.round(n * 100), true);
          break;
        case 'L':
          view.setInt32(at, Math.round(n * 1e7), true);
          break;
        case 'f':
          view.setFloat32(at, n, true);
          break;
        case 'd':
          view.setFloat64(at, n, true);
          break;
        case 'q':
          view.setBigInt64(at, BigInt(n), true);
          break;
        case 'Q':
          view.setBigUint64(at, BigInt(n), true);
          break;
        default: {
          const text = new TextEncoder().encode(String(value)).subarray(0, SIZES[c] ?? 0);
          bytes.set(text, at);
        }
      }
      at += SIZES[c] ?? 0;
    });
    this.parts.push(bytes);
    return this;
  }

  /** Raw bytes as they are (garbage, a cut-off record …). */
  raw(bytes: Uint8Array): this {
    this.parts.push(bytes);
    return this;
  }

  bytes(): Uint8Array {
    const out = new Uint8Array(this.parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const part of this.parts) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  }
}

/** Record formats as ArduCopter 4.x writes them (TimeUS), a subset. */
export const MODERN = {
  GPS: {
    type: 83,
    name: 'GPS',
    format: 'QBBIHBcLLeffffB',
    columns: [
      'TimeUS',
      'I',
      'Status',
      'GMS',
      'GWk',
      'NSats',
      'HDop',
      'Lat',
      'Lng',
      'Alt',
      'Spd',
      'GCrs',
      'VZ',
      'Yaw',
      'U',
    ],
  },
  POS: {
    type: 171,
    name: 'POS',
    format: 'QLLfff',
    columns: ['TimeUS', 'Lat', 'Lng', 'Alt', 'RelHomeAlt', 'RelOriginAlt'],
  },
  ATT: {
    type: 106,
    name: 'ATT',
    format: 'QccccCCCC',
    columns: ['TimeUS', 'DesRoll', 'Roll', 'DesPitch', 'Pitch', 'DesYaw', 'Yaw', 'ErrRP', 'ErrYaw'],
  },
  MODE: { type: 110, name: 'MODE', format: 'QMBB', columns: ['TimeUS', 'Mode', 'ModeNum', 'Rsn'] },
  EV: { type: 209, name: 'EV', format: 'QB', columns: ['TimeUS', 'Id'] },
  ARM: {
    type: 214,
    name: 'ARM',
    format: 'QBIBB',
    columns: ['TimeUS', 'ArmState', 'ArmChecks', 'Forced', 'Method'],
  },
  ERR: { type: 212, name: 'ERR', format: 'QBB', columns: ['TimeUS', 'Subsys', 'ECode'] },
  MSG: { type: 85, name: 'MSG', format: 'QZ', columns: ['TimeUS', 'Message'] },
  PARM: { type: 64, name: 'PARM', format: 'QNf', columns: ['TimeUS', 'Name', 'Value'] },
  BAT: {
    type: 107,
    name: 'BAT',
    format: 'QBfffffcfB',
    columns: [
      'TimeUS',
      'Instance',
      'Volt',
      'VoltR',
      'Curr',
      'CurrTot',
      'EnrgTot',
      'Temp',
      'Res',
      'RemPct',
    ],
  },
  VIBE: {
    type: 178,
    name: 'VIBE',
    format: 'QBfffI',
    columns: ['TimeUS', 'IMU', 'VibeX', 'VibeY', 'VibeZ', 'Clip'],
  },
} satisfies Record<string, RecordFormat>;

/** Record formats as ArduCopter 3.1 writes them (TimeMS; GPS.TimeMS is GPS time of week). */
export const OLD = {
  GPS: {
    type: 130,
    name: 'GPS',
    format: 'BIHBcLLeeEefI',
    columns: [
      'Status',
      'TimeMS',
      'Week',
      'NSats',
      'HDop',
      'Lat',
      'Lng',
      'RelAlt',
      'Alt',
      'Spd',
      'GCrs',
      'VZ',
      'T',
    ],
  },
  ATT: {
    type: 1,
    name: 'ATT',
    format: 'IccccCC',
    columns: ['TimeMS', 'DesRoll', 'Roll', 'DesPitch', 'Pitch', 'DesYaw', 'Yaw'],
  },
  MODE: { type: 3, name: 'MODE', format: 'Mh', columns: ['Mode', 'ThrCrs'] },
  EV: { type: 13, name: 'EV', format: 'B', columns: ['Id'] },
  MSG: { type: 132, name: 'MSG', format: 'Z', columns: ['Message'] },
  CURR: {
    type: 9,
    name: 'CURR',
    format: 'IhIhhhf',
    columns: ['TimeMS', 'ThrOut', 'ThrInt', 'Volt', 'Curr', 'Vcc', 'CurrTot'],
  },
} satisfies Record<string, RecordFormat>;
