import type { z } from 'zod';
import type { CriterionOutcome, ResultWindow } from './criterionResult.js';
import type { RangeFences } from './fences/rangeFences.js';
import type { FlightData } from './flightData.js';
import type { PlanWindow } from './planWindow.js';
import type { FailsafeTimeout } from './series/linkLosses.js';
import type { Span } from './series/spans.js';

export interface CriterionInput<P> {
  flight: FlightData;
  /** The part of the flight the plan item applies to, already resolved to spans. */
  window: ResultWindow;
  params: P;
  fences: RangeFences | null;
  /** Link outages the plan provokes on purpose (link-loss tests): not held against the link. */
  plannedLinkLossSpans: Span[];
  /** A sample vouches for this long after it when coverage is measured [s]. */
  sampleHoldS: number;
  /** A silence longer than this is a link loss: the vehicle's own setting, else the plan's. */
  failsafeTimeout: FailsafeTimeout;
}

/** A criterion: its params schema, the window it applies to by default, and its pure function. */
export interface CriterionDefinition<S extends z.ZodType = z.ZodType> {
  id: string;
  title: string;
  paramsSchema: S;
  defaultWindow: PlanWindow;
  /**
   * Whether coverage below the plan's minimum makes the verdict insufficient-data. The link
   * criteria judge the silences themselves, so theirs only informs.
   */
  gatedByCoverage: boolean;
  evaluate: (input: CriterionInput<z.output<S>>) => CriterionOutcome;
}
