import { z } from 'zod';
import type { RangeOrigin } from './geo.js';
import { SCENARIO_NAMES, type ScenarioName } from './scenarios.js';

export interface SimulatorOptions {
  /** Number of multicopters, each with its own system id. */
  vehicles: number;
  scenario: ScenarioName;
  /** Same seed, same bytes. An unsigned 32-bit integer. */
  seed: number;
  /** Stop after this much simulated time even if vehicles are still flying [s]. */
  durationS?: number;
  origin?: RangeOrigin;
  /** System id of the first vehicle; the others follow. Default 1. */
  firstSysId?: number;
  /** Simulated time of the start [µs since Unix epoch]. Default 2026-05-12T00:00:00Z. */
  startUs?: number;
  /** System id of the vehicle that flies the scenario's faults. Default: the first vehicle. */
  faultySysId?: number;
}

export interface ResolvedSimulatorOptions {
  vehicles: number;
  scenario: ScenarioName;
  seed: number;
  durationS: number | null;
  origin: RangeOrigin;
  firstSysId: number;
  startUs: number;
  faultySysId: number;
}

/** A plausible Korean test range. */
export const DEFAULT_ORIGIN: RangeOrigin = { latDeg: 36.3725, lonDeg: 127.3628, altMslM: 60 };
export const DEFAULT_START_US = Date.UTC(2026, 4, 12, 0, 0, 0) * 1000;

const optionsSchema = z.strictObject({
  vehicles: z.number().int('vehicles must be a whole number').min(1).max(255),
  scenario: z.enum(SCENARIO_NAMES, {
    error: `scenario must be one of ${SCENARIO_NAMES.join(', ')}`,
  }),
  seed: z.number().int('seed must be a whole number').min(0).max(0xffffffff),
  durationS: z.number().positive().finite().optional(),
  origin: z
    .strictObject({
      latDeg: z.number().min(-85).max(85),
      lonDeg: z.number().min(-180).max(180),
      altMslM: z.number().min(-500).max(9000),
    })
    .optional(),
  firstSysId: z.number().int().min(1).max(255).optional(),
  startUs: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).optional(),
  faultySysId: z.number().int().min(1).max(255).optional(),
});

/** Checks the options and fills in defaults; throws an Error that says what to fix. */
export function resolveSimulatorOptions(options: unknown): ResolvedSimulatorOptions {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const where = issue.path.length > 0 ? issue.path.join('.') : 'options';
      return `${where}: ${issue.message}`;
    });
    throw new Error(`Invalid simulator options: ${problems.join('; ')}`);
  }
  const given = parsed.data;
  const firstSysId = given.firstSysId ?? 1;
  const lastSysId = firstSysId + given.vehicles - 1;
  if (lastSysId > 255) {
    throw new Error(
      `Invalid simulator options: ${given.vehicles} vehicles from system id ${firstSysId} ` +
        `would need system id ${lastSysId}; MAVLink system ids end at 255. Lower vehicles or firstSysId.`,
    );
  }
  const faultySysId = given.faultySysId ?? firstSysId;
  if (faultySysId < firstSysId || faultySysId > lastSysId) {
    throw new Error(
      `Invalid simulator options: faultySysId ${faultySysId} is not one of the simulated ` +
        `vehicles (system ids ${firstSysId}…${lastSysId}).`,
    );
  }
  return {
    vehicles: given.vehicles,
    scenario: given.scenario,
    seed: given.seed,
    durationS: given.durationS ?? null,
    origin: given.origin ?? DEFAULT_ORIGIN,
    firstSysId,
    startUs: given.startUs ?? DEFAULT_START_US,
    faultySysId,
  };
}
