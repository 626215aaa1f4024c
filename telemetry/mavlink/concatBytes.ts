/** `a` followed by `b` in a new array (used to carry a partial frame over to the next chunk). */
export function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/**
 * A real copy of `buf[start, end)` as a plain Uint8Array. Not `buf.slice()`: on a Node Buffer
 * that returns a view into memory the caller may reuse.
 */
export function copyBytes(buf: Uint8Array, start: number, end: number): Uint8Array {
  const out = new Uint8Array(end - start);
  out.set(buf.subarray(start, end));
  return out;
}
