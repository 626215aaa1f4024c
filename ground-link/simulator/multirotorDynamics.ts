import type { LocalPoint } from './geo.js';
import type { Random } from './prng.js';
import { MeanRevertingNoise } from './randomWalk.js';

/** Where the autopilot wants the vehicle, and how fast it may get there. */
export interface Setpoint {
  target: LocalPoint;
  maxHorizontalSpeedMps: number;
  maxClimbMps: number;
  maxDescentMps: number;
  /** Point the nose along the direction of travel (missions, returns) or keep it (hover). */
  faceTravel: boolean;
}

export interface Vector3 {
  eastM: number;
  northM: number;
  upM: number;
}

const GRAVITY_MPS2 = 9.80665;
const TUNING = {
  horizontalPositionGain: 0.9,
  verticalPositionGain: 1.0,
  /** Time constant of the velocity loop [s]. */
  velocityLoopS: 0.6,
  brakingMps2: 1.5,
  maxHorizontalAccelerationMps2: 3.5,
  maxVerticalAccelerationMps2: 3,
  attitudeLagS: 0.15,
  maxYawRateRadps: Math.PI / 3,
  /** Below this commanded speed the nose keeps its heading. */
  faceTravelAboveMps: 1,
} as const;

/**
 * A point-mass quadrotor under a cascaded position → velocity controller, pushed by gusts.
 * Attitude follows the thrust direction, as it does on a real multicopter. Deliberately
 * simple: what matters for Sortie is plausible telemetry and an exactly known true path.
 */
export class MultirotorDynamics {
  readonly position: LocalPoint;
  readonly velocityMps: Vector3 = { eastM: 0, northM: 0, upM: 0 };
  /** Acceleration the controller asks of the thrust [m/s²]. */
  readonly commandedAccelerationMps2: Vector3 = { eastM: 0, northM: 0, upM: 0 };
  airborne = false;
  rollRad = 0;
  pitchRad = 0;
  yawRad: number;
  rollRateRadps = 0;
  pitchRateRadps = 0;
  yawRateRadps = 0;

  private readonly gustEast: MeanRevertingNoise;
  private readonly gustNorth: MeanRevertingNoise;
  private readonly gustUp: MeanRevertingNoise;
  private readonly attitudeJitter: Random;

  constructor(start: LocalPoint, initialYawRad: number, random: Random) {
    this.position = { ...start };
    this.yawRad = initialYawRad;
    this.gustEast = new MeanRevertingNoise(random, 0.5, 3);
    this.gustNorth = new MeanRevertingNoise(random, 0.5, 3);
    this.gustUp = new MeanRevertingNoise(random, 0.3, 2);
    this.attitudeJitter = random;
  }

  get horizontalSpeedMps(): number {
    return Math.hypot(this.velocityMps.eastM, this.velocityMps.northM);
  }

  get accelerationMagnitudeMps2(): number {
    const accel = this.commandedAccelerationMps2;
    return Math.hypot(accel.eastM, accel.northM, accel.upM);
  }

  /** Advances by dtS. A null setpoint means motors idle: the vehicle stays on the ground. */
  step(dtS: number, setpoint: Setpoint | null): { tookOff: boolean; touchedDown: boolean } {
    const gusts = [this.gustEast.step(dtS), this.gustNorth.step(dtS), this.gustUp.step(dtS)];
    if (setpoint === null || (!this.airborne && setpoint.target.upM <= this.position.upM)) {
      this.holdOnGround(dtS);
      return { tookOff: false, touchedDown: false };
    }
    const wasAirborne = this.airborne;
    this.airborne = true;
    const desired = this.desiredVelocity(setpoint);
    const accel = this.commandedAccelerationMps2;
    accel.eastM = (desired.eastM - this.velocityMps.eastM) / TUNING.velocityLoopS;
    accel.northM = (desired.northM - this.velocityMps.northM) / TUNING.velocityLoopS;
    accel.upM = (desired.upM - this.velocityMps.upM) / TUNING.velocityLoopS;
    clampHorizontal(accel, TUNING.maxHorizontalAccelerationMps2);
    accel.upM = clamp(
      accel.upM,
      -TUNING.maxVerticalAccelerationMps2,
      TUNING.maxVerticalAccelerationMps2,
    );

    const [gustEastMps2 = 0, gustNorthMps2 = 0, gustUpMps2 = 0] = wasAirborne ? gusts : [];
    this.velocityMps.eastM += (accel.eastM + gustEastMps2) * dtS;
    this.velocityMps.northM += (accel.northM + gustNorthMps2) * dtS;
    this.velocityMps.upM += (accel.upM + gustUpMps2) * dtS;
    this.position.eastM += this.velocityMps.eastM * dtS;
    this.position.northM += this.velocityMps.northM * dtS;
    this.position.upM += this.velocityMps.upM * dtS;
    this.updateAttitude(dtS, desired, setpoint.faceTravel);

    if (this.position.upM <= 0 && wasAirborne) {
      this.holdOnGround(dtS);
      return { tookOff: false, touchedDown: true };
    }
    return { tookOff: !wasAirborne, touchedDown: false };
  }

  private desiredVelocity(setpoint: Setpoint): Vector3 {
    const toEastM = setpoint.target.eastM - this.position.eastM;
    const toNorthM = setpoint.target.northM - this.position.northM;
    const distanceM = Math.hypot(toEastM, toNorthM);
    // Slow down in time to stop at the target, then close the last metres proportionally.
    const speedMps = Math.min(
      setpoint.maxHorizontalSpeedMps,
      Math.sqrt(2 * TUNING.brakingMps2 * distanceM),
      TUNING.horizontalPositionGain * distanceM,
    );
    const scale = distanceM > 1e-9 ? speedMps / distanceM : 0;
    const climbMps = clamp(
      TUNING.verticalPositionGain * (setpoint.target.upM - this.position.upM),
      -setpoint.maxDescentMps,
      setpoint.maxClimbMps,
    );
    return { eastM: toEastM * scale, northM: toNorthM * scale, upM: climbMps };
  }

  private updateAttitude(dtS: number, desired: Vector3, faceTravel: boolean): void {
    const accel = this.commandedAccelerationMps2;
    const forwardMps2 = accel.northM * Math.cos(this.yawRad) + accel.eastM * Math.sin(this.yawRad);
    const rightMps2 = -accel.northM * Math.sin(this.yawRad) + accel.eastM * Math.cos(this.yawRad);
    const jitterRad = 0.004;
    // Nose down to accelerate forward: PX4 pitch is negative nose-down.
    const targetPitchRad = -Math.atan2(forwardMps2, GRAVITY_MPS2);
    const targetRollRad = Math.atan2(rightMps2, GRAVITY_MPS2);
    const follow = 1 - Math.exp(-dtS / TUNING.attitudeLagS);
    const nextPitchRad =
      this.pitchRad +
      (targetPitchRad - this.pitchRad) * follow +
      this.attitudeJitter.gaussian(jitterRad);
    const nextRollRad =
      this.rollRad +
      (targetRollRad - this.rollRad) * follow +
      this.attitudeJitter.gaussian(jitterRad);
    this.pitchRateRadps = (nextPitchRad - this.pitchRad) / dtS;
    this.rollRateRadps = (nextRollRad - this.rollRad) / dtS;
    this.pitchRad = nextPitchRad;
    this.rollRad = nextRollRad;

    let yawStepRad = 0;
    if (faceTravel && Math.hypot(desired.eastM, desired.northM) > TUNING.faceTravelAboveMps) {
      const wantedYawRad = Math.atan2(desired.eastM, desired.northM);
      const maxStepRad = TUNING.maxYawRateRadps * dtS;
      yawStepRad = clamp(wrapPi(wantedYawRad - this.yawRad), -maxStepRad, maxStepRad);
    }
    this.yawRad = wrapPi(this.yawRad + yawStepRad);
    this.yawRateRadps = yawStepRad / dtS;
  }

  private holdOnGround(dtS: number): void {
    this.airborne = false;
    this.position.upM = 0;
    this.velocityMps.eastM = 0;
    this.velocityMps.northM = 0;
    this.velocityMps.upM = 0;
    this.commandedAccelerationMps2.eastM = 0;
    this.commandedAccelerationMps2.northM = 0;
    this.commandedAccelerationMps2.upM = 0;
    const settle = 1 - Math.exp(-dtS / TUNING.attitudeLagS);
    this.rollRateRadps = (-this.rollRad * settle) / dtS;
    this.pitchRateRadps = (-this.pitchRad * settle) / dtS;
    this.rollRad -= this.rollRad * settle;
    this.pitchRad -= this.pitchRad * settle;
    this.yawRateRadps = 0;
  }
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

function clampHorizontal(vector: Vector3, limit: number): void {
  const magnitude = Math.hypot(vector.eastM, vector.northM);
  if (magnitude > limit) {
    vector.eastM *= limit / magnitude;
    vector.northM *= limit / magnitude;
  }
}

export function wrapPi(angleRad: number): number {
  let wrapped = angleRad;
  while (wrapped > Math.PI) wrapped -= 2 * Math.PI;
  while (wrapped < -Math.PI) wrapped += 2 * Math.PI;
  return wrapped;
}
