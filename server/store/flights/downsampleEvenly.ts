/** Indices of `count` items thinned to at most `maxPoints`, evenly, always keeping the last. */
export function downsampleIndicesEvenly(count: number, maxPoints: number): number[] {
  if (count <= maxPoints) return Array.from({ length: count }, (_, i) => i);
  const step = (count - 1) / (maxPoints - 1);
  return Array.from({ length: maxPoints }, (_, k) => Math.round(k * step));
}
