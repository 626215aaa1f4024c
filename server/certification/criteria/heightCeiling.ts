import { z } from 'zod';
import type { CriterionDefinition, CriterionInput } from '../criterionDefinition.js';
import type { CriterionOutcome } from '../criterionResult.js';
import { message } from '../message.js';
import { metric, outcome } from '../outcome.js';
import { sampleCoverage, known } from '../series/coverage.js';
import { evidenceAt } from '../series/positionAt.js';
import { forEachIndexIn } from '../series/sampleIndex.js';

export const heightCeilingParamsSchema = z.strictObject({
  /** EU open category limit above take-off [m]. */
  maxAltRelM: z.number().positive().default(120),
  /** When the range's fences have a lower ceiling, that ceiling is the limit. */
  useFenceCeiling: z.boolean().default(true),
});

export type HeightCeilingParams = z.output<typeof heightCeilingParamsSchema>;

export function evaluateHeightCeiling(
  input: CriterionInput<HeightCeilingParams>,
): CriterionOutcome {
  const { flight, window, params, fences } = input;
  const fenceCeilingM = params.useFenceCeiling ? (fences?.ceilingM ?? null) : null;
  const limitM =
    fenceCeilingM !== null ? Math.min(params.maxAltRelM, fenceCeilingM) : params.maxAltRelM;
  const position = flight.series.position;
  let maxAltM = -Infinity;
  let worstUs = 0;
  let count = 0;
  if (position) {
    forEachIndexIn(position.tUs, window.spans, (i) => {
      const altRelM = position.altRelM[i] as number;
      if (Number.isNaN(altRelM)) return;
      count++;
      if (altRelM > maxAltM) {
        maxAltM = altRelM;
        worstUs = position.tUs[i] as number;
      }
    });
  }
  const notes =
    fenceCeilingM !== null && fenceCeilingM < params.maxAltRelM
      ? [message('note-limit-is-fence-ceiling', { ceilingM: fenceCeilingM })]
      : [];
  return outcome('height-ceiling', window, {
    metrics: [metric('metric-max-altitude', count > 0 ? maxAltM : null, limitM, 'max', 'm')],
    coverage: {
      fraction: sampleCoverage(
        position?.tUs,
        window.spans,
        input.sampleHoldS,
        position ? known(position.altRelM) : undefined,
      ),
      channels: ['position'],
    },
    evidence: {
      worst: count > 0 ? evidenceAt(flight, worstUs, maxAltM) : null,
      sampleCount: count,
      notes,
    },
    ...(count === 0
      ? { reason: message('reason-no-samples-in-window', { channel: 'altRelM' }) }
      : {}),
  });
}

export const heightCeiling: CriterionDefinition<typeof heightCeilingParamsSchema> = {
  id: 'height-ceiling',
  title: 'Height limit',
  paramsSchema: heightCeilingParamsSchema,
  defaultWindow: { kind: 'whole-flight' },
  gatedByCoverage: true,
  evaluate: evaluateHeightCeiling,
};
