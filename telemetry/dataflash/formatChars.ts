/**
 * The field types of a DataFlash FMT record's format string, as ArduPilot's AP_Logger writes
 * them (little-endian). `scale` is the multiplier the type itself implies (`c` is centi-units in
 * an int16); a MULT entry applies only to fields whose type has none.
 */
export interface FieldType {
  sizeBytes: number;
  kind: 'number' | 'text' | 'array';
  scale: number;
}

const number = (sizeBytes: number, scale = 1): FieldType => ({ sizeBytes, kind: 'number', scale });
const text = (sizeBytes: number): FieldType => ({ sizeBytes, kind: 'text', scale: 1 });

export const FIELD_TYPES: Readonly<Record<string, FieldType>> = {
  a: { sizeBytes: 64, kind: 'array', scale: 1 }, // int16[32]
  b: number(1),
  B: number(1),
  M: number(1), // flight mode, uint8 in ArduPilot (read as int8 by pymavlink: modes are < 128)
  h: number(2),
  H: number(2),
  c: number(2, 0.01),
  C: number(2, 0.01),
  g: number(2), // IEEE half float
  i: number(4),
  I: number(4),
  e: number(4, 0.01),
  E: number(4, 0.01),
  L: number(4, 1e-7), // latitude / longitude [1e-7 deg]
  f: number(4),
  d: number(8),
  q: number(8),
  Q: number(8),
  n: text(4),
  N: text(16),
  Z: text(64),
};

const TWO_POW_32 = 2 ** 32;

/** Decodes a half-precision float (format `g`). */
function halfFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction ? NaN : sign * Infinity;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

/**
 * Reads one numeric field at byte `at` of `view`, with the type's own scale applied. 64-bit
 * integers come back as numbers (exact below 2^53: µs timestamps are far below).
 */
export function readNumber(view: DataView, at: number, type: string): number {
  switch (type) {
    case 'b':
    case 'M':
      return view.getInt8(at);
    case 'B':
      return view.getUint8(at);
    case 'h':
      return view.getInt16(at, true);
    case 'H':
      return view.getUint16(at, true);
    case 'c':
      return view.getInt16(at, true) / 100;
    case 'C':
      return view.getUint16(at, true) / 100;
    case 'g':
      return halfFloat(view.getUint16(at, true));
    case 'i':
      return view.getInt32(at, true);
    case 'I':
      return view.getUint32(at, true);
    case 'e':
      return view.getInt32(at, true) / 100;
    case 'E':
      return view.getUint32(at, true) / 100;
    case 'L':
      return view.getInt32(at, true) / 1e7;
    case 'f':
      return view.getFloat32(at, true);
    case 'd':
      return view.getFloat64(at, true);
    case 'q':
      return view.getInt32(at + 4, true) * TWO_POW_32 + view.getUint32(at, true);
    case 'Q':
      return view.getUint32(at + 4, true) * TWO_POW_32 + view.getUint32(at, true);
    default:
      return NaN;
  }
}

const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A fixed-size, NUL-padded text field; UTF-8 when it is valid, else Latin-1 (as pymavlink). */
export function readText(bytes: Uint8Array, at: number, sizeBytes: number): string {
  let end = at;
  const limit = at + sizeBytes;
  while (end < limit && bytes[end] !== 0) end++;
  const field = bytes.subarray(at, end);
  try {
    return utf8.decode(field);
  } catch {
    return latin1.decode(field);
  }
}
