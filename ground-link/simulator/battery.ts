/**
 * A 4S lithium-polymer pack: charge drains with the current the flight draws, the voltage
 * sags with charge and load. Enough for battery criteria to find a real curve.
 */
export const BATTERY_SPEC = {
  cells: 4,
  capacityMah: 5200,
  /** Internal resistance of the whole pack [Ω]. */
  resistanceOhm: 0.025,
  idleCurrentA: 0.8,
  armedOnGroundCurrentA: 3,
  hoverCurrentA: 16,
  /** Extra current per m/s of climb and per m/s² of manoeuvre. */
  climbCurrentAPerMps: 4,
  manoeuvreCurrentAPerMps2: 2,
} as const;

export class Battery {
  private consumedMahNow = 0;

  constructor(private readonly startPct: number) {}

  get consumedMah(): number {
    return this.consumedMahNow;
  }

  get remainingPct(): number {
    return Math.max(0, this.startPct - (this.consumedMahNow / BATTERY_SPEC.capacityMah) * 100);
  }

  drain(currentA: number, dtS: number): void {
    this.consumedMahNow += (currentA * 1000 * dtS) / 3600;
  }

  cellVoltageV(currentA: number): number {
    const charge = this.remainingPct / 100;
    // Flat middle, steep ends: the shape of a LiPo discharge curve.
    const openCircuitV =
      3.3 + 0.75 * charge + 0.15 * Math.pow(charge, 8) - 0.1 * Math.pow(1 - charge, 6);
    return openCircuitV - (currentA * BATTERY_SPEC.resistanceOhm) / BATTERY_SPEC.cells;
  }

  packVoltageV(currentA: number): number {
    return this.cellVoltageV(currentA) * BATTERY_SPEC.cells;
  }
}

/** Current drawn by a quadrotor in a given state [A]. */
export function flightCurrentA(
  armed: boolean,
  airborne: boolean,
  climbMps: number,
  accelerationMps2: number,
): number {
  if (!armed) return BATTERY_SPEC.idleCurrentA;
  if (!airborne) return BATTERY_SPEC.armedOnGroundCurrentA;
  return (
    BATTERY_SPEC.hoverCurrentA +
    BATTERY_SPEC.climbCurrentAPerMps * Math.max(0, climbMps) +
    BATTERY_SPEC.manoeuvreCurrentAPerMps2 * accelerationMps2
  );
}
