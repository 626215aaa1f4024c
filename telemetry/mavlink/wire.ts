/**
 * Little-endian field readers over a payload (MAVLink is little-endian). Plain byte arithmetic
 * instead of a DataView per frame: no allocation on the hot path. Offsets must lie inside the
 * payload, which the framer guarantees by padding truncated payloads to full length.
 */
const scratch = new Uint8Array(8);
const scratchF32 = new Float32Array(scratch.buffer, 0, 1);

export function u8(p: Uint8Array, o: number): number {
  return p[o] as number;
}

export function i8(p: Uint8Array, o: number): number {
  return ((p[o] as number) << 24) >> 24;
}

export function u16(p: Uint8Array, o: number): number {
  return (p[o] as number) | ((p[o + 1] as number) << 8);
}

export function i16(p: Uint8Array, o: number): number {
  return (((p[o] as number) | ((p[o + 1] as number) << 8)) << 16) >> 16;
}

export function i32(p: Uint8Array, o: number): number {
  return (
    (p[o] as number) |
    ((p[o + 1] as number) << 8) |
    ((p[o + 2] as number) << 16) |
    ((p[o + 3] as number) << 24)
  );
}

export function u32(p: Uint8Array, o: number): number {
  return i32(p, o) >>> 0;
}

/** uint64 as a number: exact below 2^53 (µs timestamps until year 2255). */
export function u64(p: Uint8Array, o: number): number {
  return u32(p, o + 4) * 4294967296 + u32(p, o);
}

export function f32(p: Uint8Array, o: number): number {
  scratch[0] = p[o] as number;
  scratch[1] = p[o + 1] as number;
  scratch[2] = p[o + 2] as number;
  scratch[3] = p[o + 3] as number;
  return scratchF32[0] as number;
}

/** A NUL-terminated (or full-length) char[] field as text. */
export function chars(p: Uint8Array, o: number, length: number): string {
  let text = '';
  for (let i = o; i < o + length; i++) {
    const c = p[i] as number;
    if (c === 0) break;
    text += String.fromCharCode(c);
  }
  return text;
}
