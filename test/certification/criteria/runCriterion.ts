import type { CriterionResult } from '../../../server/certification/criterionResult.js';
import type { CriterionId } from '../../../server/certification/criteria/index.js';
import { evaluatePlan } from '../../../server/certification/evaluatePlan.js';
import type { RangeFences } from '../../../server/certification/fences/rangeFences.js';
import type { FlightData } from '../../../server/certification/flightData.js';
import type { PlanWindow } from '../../../server/certification/planWindow.js';
import { parseTestPlan } from '../../../server/certification/testPlan.js';

/** Runs one criterion through the public path: a one-item plan, parsed, then evaluated. */
export function runCriterion(
  criterion: CriterionId,
  flight: FlightData,
  options: {
    params?: Record<string, unknown>;
    window?: PlanWindow;
    fences?: RangeFences;
    /** Plan-level settings: minCoverage, sampleHoldS, failsafeTimeoutS, vehicleClass. */
    plan?: Record<string, unknown>;
  } = {},
): CriterionResult {
  const plan = parseTestPlan({
    id: 'test',
    name: 'test',
    version: 1,
    ...options.plan,
    items: [{ id: criterion, criterion, params: options.params ?? {}, window: options.window }],
  });
  const [result] = evaluatePlan(plan, flight, options.fences);
  if (!result) throw new Error('evaluatePlan returned no result');
  return result;
}

export function metricValue(result: CriterionResult, name: string): number | null {
  const found = result.metrics.find((m) => m.name === name);
  if (!found)
    throw new Error(`no metric "${name}" in ${result.metrics.map((m) => m.name).join(', ')}`);
  return found.value;
}
