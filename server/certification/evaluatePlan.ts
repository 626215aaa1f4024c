import { CRITERIA } from './criteria/index.js';
import type { CriterionInput } from './criterionDefinition.js';
import type { CriterionOutcome, CriterionResult } from './criterionResult.js';
import type { RangeFences } from './fences/rangeFences.js';
import type { FlightData } from './flightData.js';
import { resolveWindow } from './planWindow.js';
import { linkLossSpans } from './series/linkLosses.js';
import { normalizeSpans, type Span } from './series/spans.js';
import type { TestPlan } from './testPlan.js';

/**
 * Runs every item of a (validated) test plan on one flight. Pure: same plan, flight and fences,
 * same results, in the plan's item order.
 */
export function evaluatePlan(
  plan: TestPlan,
  flight: FlightData,
  fences?: RangeFences,
): CriterionResult[] {
  const plannedLinkLossSpans = plannedLinkLosses(plan, flight);
  return plan.items.map((item) => {
    const definition = CRITERIA[item.criterion];
    const window = resolveWindow(flight, item.window ?? definition.defaultWindow);
    // The plan schema validated item.params against this very criterion's params schema.
    const evaluate = definition.evaluate as (input: CriterionInput<unknown>) => CriterionOutcome;
    const result = evaluate({
      flight,
      window,
      params: item.params,
      fences: fences ?? null,
      plannedLinkLossSpans,
    });
    return { ...result, itemId: item.id, thresholdSource: item.thresholdSource };
  });
}

/** A plan with a link-loss test provokes its outages on purpose: the link is not blamed for them. */
function plannedLinkLosses(plan: TestPlan, flight: FlightData): Span[] {
  const spans: Span[] = [];
  for (const item of plan.items) {
    if (item.criterion !== 'link-loss-rth') continue;
    const window = resolveWindow(flight, item.window ?? CRITERIA['link-loss-rth'].defaultWindow);
    spans.push(...linkLossSpans(flight, window.spans, item.params.minGapS));
  }
  return normalizeSpans(spans);
}
