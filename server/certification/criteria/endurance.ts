import { z } from 'zod';
import type { CriterionDefinition, CriterionInput } from '../criterionDefinition.js';
import type { CriterionOutcome } from '../criterionResult.js';
import { message } from '../message.js';
import { metric, outcome } from '../outcome.js';
import { sampleCoverage } from '../series/coverage.js';
import { airborneSpans } from '../series/airborne.js';
import { intersectSpans, totalDurationS } from '../series/spans.js';

export const enduranceParamsSchema = z.strictObject({
  /** Declared flight time the test must reach [s]; reported only when null. */
  minAirborneS: z.number().positive().nullable().default(null),
});

export type EnduranceParams = z.output<typeof enduranceParamsSchema>;

/** Airborne time: armed and (altitude > 1 m or ground speed > 3 m/s), see series/airborne.ts. */
export function evaluateEndurance(input: CriterionInput<EnduranceParams>): CriterionOutcome {
  const { flight, window, params } = input;
  const position = flight.series.position;
  const airborne = intersectSpans(window.spans, airborneSpans(flight));
  const hasData = position !== undefined && position.tUs.length > 0;
  const airborneS = hasData ? totalDurationS(airborne) : null;
  const first = airborne[0];
  const last = airborne[airborne.length - 1];
  return outcome('endurance', window, {
    metrics: [metric('metric-airborne-time', airborneS, params.minAirborneS, 'min', 's')],
    coverage: {
      fraction: sampleCoverage(position?.tUs, window.spans, input.sampleHoldS),
      channels: ['position'],
    },
    evidence: {
      spans:
        first && last
          ? [
              {
                startUs: first.startUs,
                endUs: last.endUs,
                label: message('span-airborne-spans', { count: airborne.length }),
              },
            ]
          : [],
    },
    ...(hasData
      ? {}
      : {
          verdict: 'insufficient-data',
          reason: message('reason-no-samples', { kind: 'position' }),
        }),
  });
}

export const endurance: CriterionDefinition<typeof enduranceParamsSchema> = {
  id: 'endurance',
  title: 'Flight time',
  paramsSchema: enduranceParamsSchema,
  defaultWindow: { kind: 'whole-flight' },
  gatedByCoverage: true,
  evaluate: evaluateEndurance,
};
