import { PRIMITIVE_SIZE, type UlogFieldLayout, type UlogPrimitive } from './ulogFormat.js';

/** An 'I' / 'P' value: a number, a string (char arrays) or an array of numbers. */
export type UlogValue = number | string | number[];

const TEXT = new TextDecoder('utf-8');

/** Reads one primitive at a byte offset; 64-bit integers come back as (possibly rounded) numbers. */
export function readPrimitive(view: DataView, type: UlogPrimitive, at: number): number {
  switch (type) {
    case 'int8_t':
      return view.getInt8(at);
    case 'uint8_t':
    case 'bool':
    case 'char':
      return view.getUint8(at);
    case 'int16_t':
      return view.getInt16(at, true);
    case 'uint16_t':
      return view.getUint16(at, true);
    case 'int32_t':
      return view.getInt32(at, true);
    case 'uint32_t':
      return view.getUint32(at, true);
    case 'int64_t':
      return view.getInt32(at + 4, true) * 4294967296 + view.getUint32(at, true);
    case 'uint64_t':
      return view.getUint32(at + 4, true) * 4294967296 + view.getUint32(at, true);
    case 'float':
      return view.getFloat32(at, true);
    case 'double':
      return view.getFloat64(at, true);
  }
}

/** A char array as text, up to its first NUL. */
export function readText(bytes: Uint8Array, start: number, end: number): string {
  let stop = start;
  while (stop < end && bytes[stop] !== 0) stop++;
  return TEXT.decode(bytes.subarray(start, stop));
}

/** A field of a data message; arrays give their first element (use `index` for the others). */
export function readField(view: DataView, base: number, field: UlogFieldLayout, index = 0): number {
  return readPrimitive(view, field.type, base + field.offset + index * PRIMITIVE_SIZE[field.type]);
}

/**
 * Decodes the value of an 'I' or 'P' message from its declared type ("char[12]", "int32_t",
 * "float[3]"). Null when the type is unknown or the bytes are too few for it.
 */
export function readTypedValue(
  type: string,
  bytes: Uint8Array,
  view: DataView,
  start: number,
  end: number,
): UlogValue | null {
  const match = /^([a-z0-9_]+)(?:\[(\d+)\])?$/.exec(type);
  if (!match || !Object.hasOwn(PRIMITIVE_SIZE, match[1]!)) return null;
  const primitive = match[1] as UlogPrimitive;
  if (primitive === 'char') return readText(bytes, start, end);
  const size = PRIMITIVE_SIZE[primitive];
  if (match[2] === undefined)
    return end - start >= size ? readPrimitive(view, primitive, start) : null;
  const count = Math.min(Number(match[2]), Math.floor((end - start) / size));
  const values: number[] = [];
  for (let i = 0; i < count; i++) values.push(readPrimitive(view, primitive, start + i * size));
  return values;
}
