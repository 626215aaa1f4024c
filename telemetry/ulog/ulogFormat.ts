/**
 * ULog message formats ('F' messages, "name:type field;type field[4];…"), laid out as flat
 * byte offsets so a data message's fields are read straight from the file bytes.
 */

export type UlogPrimitive =
  | 'int8_t'
  | 'uint8_t'
  | 'int16_t'
  | 'uint16_t'
  | 'int32_t'
  | 'uint32_t'
  | 'int64_t'
  | 'uint64_t'
  | 'float'
  | 'double'
  | 'bool'
  | 'char';

export const PRIMITIVE_SIZE: Readonly<Record<UlogPrimitive, number>> = {
  int8_t: 1,
  uint8_t: 1,
  int16_t: 2,
  uint16_t: 2,
  int32_t: 4,
  uint32_t: 4,
  int64_t: 8,
  uint64_t: 8,
  float: 4,
  double: 8,
  bool: 1,
  char: 1,
};

export function isPrimitive(type: string): type is UlogPrimitive {
  return Object.hasOwn(PRIMITIVE_SIZE, type);
}

/** One field as the format text declares it. */
export interface UlogFormatField {
  type: string;
  /** 0 for a scalar, else the array length. */
  arraySize: number;
  name: string;
}

export interface UlogFormat {
  name: string;
  fields: UlogFormatField[];
}

/** A primitive field at a byte offset inside the message payload (after the msg_id). */
export interface UlogFieldLayout {
  type: UlogPrimitive;
  offset: number;
  /** 0 for a scalar, else the array length. */
  arraySize: number;
}

export interface UlogLayout {
  /** Flat field names: nested types as `esc[0].rpm`; arrays keep one entry named `q`. */
  fields: Map<string, UlogFieldLayout>;
  /** Bytes including trailing padding (the most a data message may carry). */
  maxSize: number;
  /** Bytes without trailing `_padding` fields, which PX4 may leave out of a data message. */
  minSize: number;
}

const FIELD = /^([A-Za-z_][A-Za-z0-9_]*)(?:\[(\d+)\])?\s+([A-Za-z_][A-Za-z0-9_]*)$/;

/** Parses "name:type field;…"; null when the text is not a format. */
export function parseFormat(text: string): UlogFormat | null {
  const colon = text.indexOf(':');
  if (colon <= 0) return null;
  const name = text.slice(0, colon);
  const fields: UlogFormatField[] = [];
  for (const part of text.slice(colon + 1).split(';')) {
    const trimmed = part.trim();
    if (trimmed === '') continue;
    const match = FIELD.exec(trimmed);
    if (!match) return null;
    fields.push({
      type: match[1]!,
      arraySize: match[2] === undefined ? 0 : Number(match[2]),
      name: match[3]!,
    });
  }
  return { name, fields };
}

const MAX_NESTING = 16;

/**
 * Lays out a format, nested types included. Returns a sentence naming the problem when a
 * nested type is missing or the nesting loops.
 */
export function layoutOf(
  formatName: string,
  formats: ReadonlyMap<string, UlogFormat>,
): UlogLayout | string {
  const fields = new Map<string, UlogFieldLayout>();
  let trailingPadding = 0;
  const place = (name: string, prefix: string, start: number, depth: number): number | string => {
    if (depth > MAX_NESTING) return `format ${formatName} nests deeper than ${MAX_NESTING} levels`;
    const format = formats.get(name);
    if (!format) return `format ${formatName} uses type ${name}, which no format defines`;
    let offset = start;
    for (const field of format.fields) {
      const count = Math.max(1, field.arraySize);
      if (isPrimitive(field.type)) {
        const size = PRIMITIVE_SIZE[field.type] * count;
        if (field.name.startsWith('_padding')) {
          // Only top-level padding at the end may be left out (as pyulog reads it too).
          trailingPadding = depth === 0 ? trailingPadding + size : 0;
        } else {
          fields.set(prefix + field.name, {
            type: field.type,
            offset,
            arraySize: field.arraySize,
          });
          trailingPadding = 0;
        }
        offset += size;
        continue;
      }
      for (let i = 0; i < count; i++) {
        const inner = field.arraySize > 0 ? `${field.name}[${i}].` : `${field.name}.`;
        const end = place(field.type, prefix + inner, offset, depth + 1);
        if (typeof end === 'string') return end;
        offset = end;
      }
    }
    return offset;
  };
  const size = place(formatName, '', 0, 0);
  if (typeof size === 'string') return size;
  return { fields, maxSize: size, minSize: size - trailingPadding };
}
