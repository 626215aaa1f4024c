/**
 * Min/max per pixel bucket: splits the time span into `maxPoints / 2` equal buckets and keeps
 * each bucket's lowest and highest value, in time order. Unlike LTTB it never hides a spike,
 * which is what a reviewer looking for a limit exceedance needs. Returns ascending indices.
 */
export function minMaxIndices(
  t: ArrayLike<number>,
  v: ArrayLike<number>,
  maxPoints: number,
): number[] {
  const count = t.length;
  if (maxPoints >= count) return Array.from({ length: count }, (_, i) => i);
  const buckets = Math.max(1, Math.floor(maxPoints / 2));
  const t0 = t[0] as number;
  const span = (t[count - 1] as number) - t0 || 1;
  const kept: number[] = [];
  let i = 0;
  for (let bucket = 0; bucket < buckets && i < count; bucket++) {
    const endT = t0 + (span * (bucket + 1)) / buckets;
    let minI = -1;
    let maxI = -1;
    for (; i < count && ((t[i] as number) <= endT || bucket === buckets - 1); i++) {
      if (minI < 0 || (v[i] as number) < (v[minI] as number)) minI = i;
      if (maxI < 0 || (v[i] as number) > (v[maxI] as number)) maxI = i;
    }
    if (minI < 0) continue;
    if (minI === maxI) kept.push(minI);
    else kept.push(Math.min(minI, maxI), Math.max(minI, maxI));
  }
  return kept;
}
