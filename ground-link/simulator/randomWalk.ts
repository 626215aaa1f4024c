import type { Random } from './prng.js';

/**
 * A mean-reverting random process (Ornstein–Uhlenbeck). Gusts, GPS error and estimator error
 * are all slowly varying and bounded; white noise alone would look nothing like a real log.
 */
export class MeanRevertingNoise {
  private valueNow: number;

  constructor(
    private readonly random: Random,
    /** Long-run standard deviation, in the unit of the quantity. */
    private readonly standardDeviation: number,
    /** How long the process remembers [s]. */
    private readonly correlationTimeS: number,
  ) {
    this.valueNow = random.gaussian(standardDeviation);
  }

  get value(): number {
    return this.valueNow;
  }

  step(dtS: number): number {
    const decay = Math.exp(-dtS / this.correlationTimeS);
    const kick = this.standardDeviation * Math.sqrt(1 - decay * decay);
    this.valueNow = this.valueNow * decay + this.random.gaussian(kick);
    return this.valueNow;
  }
}
