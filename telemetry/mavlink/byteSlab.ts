/**
 * Hands out fresh, zeroed, non-overlapping byte arrays carved from large slabs.
 *
 * Why: a typed array with its own backing store costs far more to allocate than a view, and
 * the framer needs one or two per frame (millions per second). Slabs are never reused, so a
 * view stays valid and unshared for as long as its holder keeps it; the price is that a kept
 * view keeps its slab alive.
 */
const SLAB_BYTES = 16 * 1024;

let slab = new ArrayBuffer(SLAB_BYTES);
let used = 0;

export function takeBytes(length: number): Uint8Array {
  if (length > SLAB_BYTES / 4) return new Uint8Array(length);
  if (used + length > SLAB_BYTES) {
    slab = new ArrayBuffer(SLAB_BYTES);
    used = 0;
  }
  const view = new Uint8Array(slab, used, length);
  used += length;
  return view;
}
