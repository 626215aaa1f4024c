import type { Random } from './prng.js';
import { MeanRevertingNoise } from './randomWalk.js';

/** Slowly wandering errors of the GPS receiver and of the autopilot's fused estimate [m]. */
export class VehicleSensors {
  readonly gpsEastErrorM: MeanRevertingNoise;
  readonly gpsNorthErrorM: MeanRevertingNoise;
  readonly gpsUpErrorM: MeanRevertingNoise;
  readonly estimateEastErrorM: MeanRevertingNoise;
  readonly estimateNorthErrorM: MeanRevertingNoise;
  readonly estimateUpErrorM: MeanRevertingNoise;
  readonly satelliteDrift: MeanRevertingNoise;
  readonly hdopDrift: MeanRevertingNoise;

  constructor(random: Random) {
    this.gpsEastErrorM = new MeanRevertingNoise(random, 0.8, 20);
    this.gpsNorthErrorM = new MeanRevertingNoise(random, 0.8, 20);
    this.gpsUpErrorM = new MeanRevertingNoise(random, 1.5, 20);
    this.estimateEastErrorM = new MeanRevertingNoise(random, 0.15, 10);
    this.estimateNorthErrorM = new MeanRevertingNoise(random, 0.15, 10);
    this.estimateUpErrorM = new MeanRevertingNoise(random, 0.1, 10);
    this.satelliteDrift = new MeanRevertingNoise(random, 1.5, 60);
    this.hdopDrift = new MeanRevertingNoise(random, 0.08, 60);
  }

  step(dtS: number): void {
    this.gpsEastErrorM.step(dtS);
    this.gpsNorthErrorM.step(dtS);
    this.gpsUpErrorM.step(dtS);
    this.estimateEastErrorM.step(dtS);
    this.estimateNorthErrorM.step(dtS);
    this.estimateUpErrorM.step(dtS);
    this.satelliteDrift.step(dtS);
    this.hdopDrift.step(dtS);
  }
}
