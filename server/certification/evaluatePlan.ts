import { CRITERIA } from './criteria/index.js';
import type { CriterionInput } from './criterionDefinition.js';
import type { CriterionOutcome, CriterionResult } from './criterionResult.js';
import type { RangeFences } from './fences/rangeFences.js';
import type { FlightData } from './flightData.js';
import { message, type Message } from './message.js';
import { renderReason } from './messageCatalog.js';
import { resolveWindow } from './planWindow.js';
import { failsafeTimeoutOf, linkLossSeries, type FailsafeTimeout } from './series/linkLosses.js';
import { normalizeSpans, type Span } from './series/spans.js';
import { vehicleClassOf } from './series/vehicleClass.js';
import { DEFAULT_FAILSAFE_TIMEOUT_S, DEFAULT_MIN_COVERAGE, type TestPlan } from './testPlan.js';
import { DEFAULT_SAMPLE_HOLD_S } from './series/coverage.js';

/**
 * Runs every item of a (validated) test plan on one flight. Pure: same plan, flight and fences,
 * same results, in the plan's item order.
 */
export function evaluatePlan(
  plan: TestPlan,
  flight: FlightData,
  fences?: RangeFences,
): CriterionResult[] {
  const settings = planSettingsOf(plan);
  const failsafeTimeout = failsafeTimeoutOf(flight, settings.failsafeTimeoutS);
  const plannedLinkLossSpans = plannedLinkLosses(plan, flight, failsafeTimeout);
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
      sampleHoldS: settings.sampleHoldS,
      failsafeTimeout,
    });
    const gated = definition.gatedByCoverage
      ? gateByCoverage(result, item.minCoverage ?? settings.minCoverage)
      : result;
    return { ...gated, itemId: item.id, thresholdSource: item.thresholdSource };
  });
}

/** Plan versions stored before these settings existed lack them: they get the defaults. */
function planSettingsOf(plan: TestPlan) {
  const stored: Partial<Pick<TestPlan, 'minCoverage' | 'sampleHoldS' | 'failsafeTimeoutS'>> = plan;
  return {
    minCoverage: stored.minCoverage ?? DEFAULT_MIN_COVERAGE,
    sampleHoldS: stored.sampleHoldS ?? DEFAULT_SAMPLE_HOLD_S,
    failsafeTimeoutS: stored.failsafeTimeoutS ?? DEFAULT_FAILSAFE_TIMEOUT_S,
  };
}

/**
 * Missing data is never a fail: below the minimum coverage a verdict the criterion reached
 * becomes insufficient-data, and the reason says what the covered part showed.
 */
function gateByCoverage(result: CriterionOutcome, minFraction: number): CriterionOutcome {
  const coverage = { ...result.coverage, minFraction };
  const { fraction } = coverage;
  if (
    fraction === null ||
    fraction >= minFraction ||
    (result.verdict !== 'pass' && result.verdict !== 'fail')
  ) {
    return { ...result, coverage };
  }
  const gated: CriterionOutcome = {
    ...result,
    coverage,
    verdict: 'insufficient-data',
    reasonMessage: message('coverage-below-minimum', {
      coveragePct: Math.round(fraction * 1000) / 10,
      minPct: Math.round(minFraction * 1000) / 10,
      channels: coverage.channels.join(', '),
      verdictOfCovered: result.verdict,
    }),
  };
  return { ...gated, reason: renderReason(gated, 'en') };
}

/** A plan with a link-loss test provokes its outages on purpose: the link is not blamed for them. */
function plannedLinkLosses(
  plan: TestPlan,
  flight: FlightData,
  failsafeTimeout: FailsafeTimeout,
): Span[] {
  const spans: Span[] = [];
  for (const item of plan.items) {
    if (item.criterion !== 'link-loss-rth') continue;
    const window = resolveWindow(flight, item.window ?? CRITERIA['link-loss-rth'].defaultWindow);
    spans.push(...linkLossSeries(flight, window.spans, failsafeTimeout).losses);
  }
  return normalizeSpans(spans);
}

/**
 * What the evaluation should say before any result: a plan written for another vehicle class
 * than the one that flew (its thresholds and windows may not fit).
 */
export function planWarnings(plan: TestPlan, flight: FlightData): Message[] {
  const flown = vehicleClassOf(flight);
  if (!plan.vehicleClass || !flown || flown === plan.vehicleClass) return [];
  return [
    message('plan-vehicle-class-mismatch', { planClass: plan.vehicleClass, flownClass: flown }),
  ];
}
