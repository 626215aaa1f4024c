import { z } from 'zod';
import type { CriterionDefinition, CriterionInput } from '../criterionDefinition.js';
import type { CriterionOutcome } from '../criterionResult.js';
import { horizontalDistanceM } from '../localProjection.js';
import { message, type Message } from '../message.js';
import { metric, outcome } from '../outcome.js';
import { disarmTimes } from '../series/armedState.js';
import { positionIndexAt } from '../series/positionAt.js';
import { spanContains } from '../series/spans.js';

export const landingAccuracyParamsSchema = z.strictObject({
  maxDistanceM: z.number().positive().default(2),
  /** The landing pad; home when absent. */
  pad: z
    .strictObject({ latDeg: z.number().min(-90).max(90), lonDeg: z.number().min(-180).max(180) })
    .optional(),
  /** The position used must be at most this old at disarm [s]. */
  maxPositionAgeS: z.number().positive().default(5),
});

export type LandingAccuracyParams = z.output<typeof landingAccuracyParamsSchema>;

/** Distance from the pad (or home) of the last position at the last disarm in the window. */
export function evaluateLandingAccuracy(
  input: CriterionInput<LandingAccuracyParams>,
): CriterionOutcome {
  const { flight, window, params } = input;
  const target = params.pad ?? flight.home;
  const disarms = disarmTimes(flight).filter(
    (t) => spanContains(window.spans, t) || t === window.spans[window.spans.length - 1]?.endUs,
  );
  const disarmUs = disarms[disarms.length - 1];
  const judged = (value: number | null) => [
    metric('metric-distance-at-disarm', value, params.maxDistanceM, 'max', 'm'),
  ];
  const missing = (reason: Message) =>
    outcome('landing-accuracy', window, {
      metrics: judged(null),
      verdict: 'insufficient-data',
      coverage: { fraction: 0, channels: ['position'] },
      reason,
    });
  if (!target) return missing(message('reason-no-pad-no-home'));
  if (disarmUs === undefined) return missing(message('reason-no-disarm-in-window'));
  const i = positionIndexAt(flight, disarmUs, params.maxPositionAgeS);
  const position = flight.series.position;
  if (i < 0 || !position)
    return missing(
      message('reason-no-position-before-disarm', { maxAgeS: params.maxPositionAgeS }),
    );
  const touchdown = { latDeg: position.latDeg[i] as number, lonDeg: position.lonDeg[i] as number };
  const distanceM = horizontalDistanceM(target, touchdown);
  return outcome('landing-accuracy', window, {
    metrics: judged(distanceM),
    coverage: { fraction: 1, channels: ['position'] },
    evidence: {
      worst: { tUs: disarmUs, value: distanceM, ...touchdown },
      points: [
        { tUs: disarmUs, ...touchdown, label: 'touchdown' },
        {
          tUs: disarmUs,
          latDeg: target.latDeg,
          lonDeg: target.lonDeg,
          label: params.pad ? 'pad' : 'home',
        },
      ],
    },
  });
}

export const landingAccuracy: CriterionDefinition<typeof landingAccuracyParamsSchema> = {
  id: 'landing-accuracy',
  title: 'Landing accuracy',
  paramsSchema: landingAccuracyParamsSchema,
  defaultWindow: { kind: 'whole-flight' },
  gatedByCoverage: true,
  evaluate: evaluateLandingAccuracy,
};
