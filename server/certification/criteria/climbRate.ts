import { z } from 'zod';
import type { CriterionDefinition, CriterionInput } from '../criterionDefinition.js';
import type { CriterionOutcome } from '../criterionResult.js';
import type { FlightData } from '../flightData.js';
import { message } from '../message.js';
import { metric, outcome } from '../outcome.js';
import { sampleCoverage, known } from '../series/coverage.js';
import { evidenceAt } from '../series/positionAt.js';
import { rollingMeanExtremes } from '../series/rollingMean.js';
import { indexRange } from '../series/sampleIndex.js';

export const climbRateParamsSchema = z.strictObject({
  /** Declared maximum climb rate [m/s]; reported only when null. */
  maxClimbMps: z.number().positive().nullable().default(null),
  /** Declared maximum descent rate, as a positive number [m/s]; reported only when null. */
  maxDescentMps: z.number().positive().nullable().default(null),
  /** Steady state: the rate must be held this long (rolling mean) [s]. */
  sustainS: z.number().positive().default(3),
});

export type ClimbRateParams = z.output<typeof climbRateParamsSchema>;

/** Upward speed per sample: minus the fused down velocity, else VFR_HUD climb. */
function climbSeries(flight: FlightData): { tUs: Float64Array; climbMps: Float64Array } | null {
  const position = flight.series.position;
  if (position && position.vdMps.some((v) => !Number.isNaN(v))) {
    return { tUs: position.tUs, climbMps: position.vdMps.map((v) => -v) };
  }
  const hud = flight.series.hud;
  return hud && hud.tUs.length > 0 ? { tUs: hud.tUs, climbMps: hud.climbMps } : null;
}

export function evaluateClimbRate(input: CriterionInput<ClimbRateParams>): CriterionOutcome {
  const { flight, window, params } = input;
  const series = climbSeries(flight);
  let climb = -Infinity;
  let climbEndUs = 0;
  let descent = Infinity;
  let descentEndUs = 0;
  let windows = 0;
  if (series) {
    for (const span of window.spans) {
      const [from, to] = indexRange(series.tUs, span);
      const extremes = rollingMeanExtremes(series.tUs, series.climbMps, from, to, params.sustainS);
      windows += extremes.windows;
      if (extremes.max > climb) {
        climb = extremes.max;
        climbEndUs = extremes.maxEndUs;
      }
      if (extremes.min < descent) {
        descent = extremes.min;
        descentEndUs = extremes.minEndUs;
      }
    }
  }
  const measuredClimb = windows > 0 ? Math.max(0, climb) : null;
  const measuredDescent = windows > 0 ? Math.max(0, -descent) : null;
  const metrics = [
    metric('metric-max-climb-rate', measuredClimb, params.maxClimbMps, 'max', 'm/s'),
    metric('metric-max-descent-rate', measuredDescent, params.maxDescentMps, 'max', 'm/s'),
  ];
  const coverage = {
    fraction: sampleCoverage(
      series?.tUs,
      window.spans,
      input.sampleHoldS,
      series ? known(series.climbMps) : undefined,
    ),
    channels: [series && series.tUs === flight.series.hud?.tUs ? 'hud' : 'position'],
  };
  if (windows === 0) {
    return outcome('climb-rate', window, {
      metrics,
      verdict: 'insufficient-data',
      coverage,
      reason: message('reason-no-sustained-stretch', {
        sustainS: params.sustainS,
        channel: 'vertical speed',
      }),
    });
  }
  const sustainUs = params.sustainS * 1e6;
  const spans = [
    { startUs: climbEndUs - sustainUs, endUs: climbEndUs, label: message('span-steepest-climb') },
    {
      startUs: descentEndUs - sustainUs,
      endUs: descentEndUs,
      label: message('span-steepest-descent'),
    },
  ];
  const worstIsClimb = (measuredClimb ?? 0) >= (measuredDescent ?? 0);
  return outcome('climb-rate', window, {
    metrics,
    coverage,
    evidence: {
      worst: worstIsClimb
        ? evidenceAt(flight, climbEndUs, climb)
        : evidenceAt(flight, descentEndUs, descent),
      spans,
    },
  });
}

export const climbRate: CriterionDefinition<typeof climbRateParamsSchema> = {
  id: 'climb-rate',
  title: 'Maximum climb and descent rate',
  paramsSchema: climbRateParamsSchema,
  defaultWindow: { kind: 'whole-flight' },
  gatedByCoverage: true,
  evaluate: evaluateClimbRate,
};
