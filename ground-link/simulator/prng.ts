/**
 * A small seeded pseudo-random generator (mulberry32), so a simulated flight is the same
 * byte for byte for the same seed on every machine. Math.random would make tests unrepeatable.
 */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [minValue, maxValue). */
  between(minValue: number, maxValue: number): number;
  /** Normal with mean 0 and the given standard deviation (Box–Muller). */
  gaussian(standardDeviation: number): number;
}

export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
  // Box–Muller makes normals in pairs; keeping the second halves the cost (the simulator
  // draws about twenty per vehicle and physics step).
  let spareNormal: number | null = null;
  return {
    next,
    between: (minValue, maxValue) => minValue + (maxValue - minValue) * next(),
    gaussian: (standardDeviation) => {
      if (spareNormal !== null) {
        const normal = spareNormal;
        spareNormal = null;
        return standardDeviation * normal;
      }
      // 1 - next() is in (0, 1], so the logarithm is finite.
      const radius = Math.sqrt(-2 * Math.log(1 - next()));
      const angleRad = 2 * Math.PI * next();
      spareNormal = radius * Math.sin(angleRad);
      return standardDeviation * radius * Math.cos(angleRad);
    },
  };
}

/** Derives an independent seed per vehicle so adding a vehicle does not change the others. */
export function deriveSeed(seed: number, streamIndex: number): number {
  let mixed = (seed ^ Math.imul(streamIndex + 1, 0x9e3779b1)) >>> 0;
  mixed = Math.imul(mixed ^ (mixed >>> 16), 0x85ebca6b) >>> 0;
  mixed = Math.imul(mixed ^ (mixed >>> 13), 0xc2b2ae35) >>> 0;
  return (mixed ^ (mixed >>> 16)) >>> 0;
}
