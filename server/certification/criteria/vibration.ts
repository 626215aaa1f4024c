import { z } from 'zod';
import type { CriterionDefinition, CriterionInput } from '../criterionDefinition.js';
import type { CriterionOutcome, EvidenceSample } from '../criterionResult.js';
import { message } from '../message.js';
import { metric, outcome } from '../outcome.js';
import { sampleCoverage } from '../series/coverage.js';
import { evidenceAt } from '../series/positionAt.js';
import { forEachIndexIn } from '../series/sampleIndex.js';

export const vibrationParamsSchema = z.strictObject({
  /** ArduPilot guidance: above 60 m/s² fails [m/s²]. */
  failAboveMps2: z.number().positive().default(60),
  /** ArduPilot guidance: below 30 m/s² is good [m/s²]. */
  goodBelowMps2: z.number().positive().default(30),
  /** Accelerometer clipping events tolerated over the window; reported only when null. */
  maxClippingIncrease: z.number().int().nonnegative().nullable().default(null),
});

export type VibrationParams = z.output<typeof vibrationParamsSchema>;

const AXES = [
  ['x', 'vibeXMps2'],
  ['y', 'vibeYMps2'],
  ['z', 'vibeZMps2'],
] as const;
const CLIPPING = ['clipping0', 'clipping1', 'clipping2'] as const;

export function evaluateVibration(input: CriterionInput<VibrationParams>): CriterionOutcome {
  const { flight, window, params } = input;
  const vibration = flight.series.vibration;
  const maxima = AXES.map(() => ({ value: -Infinity, tUs: 0 }));
  const clippingIncrease = CLIPPING.map(() => 0);
  const lastClipping: number[] = CLIPPING.map(() => Number.NaN);
  let count = 0;
  if (vibration) {
    forEachIndexIn(vibration.tUs, window.spans, (i) => {
      count++;
      AXES.forEach(([, channel], axis) => {
        const value = vibration[channel][i] as number;
        const max = maxima[axis] as { value: number; tUs: number };
        if (value > max.value) {
          max.value = value;
          max.tUs = vibration.tUs[i] as number;
        }
      });
      CLIPPING.forEach((channel, k) => {
        const counter = vibration[channel][i] as number;
        if (Number.isNaN(counter)) return;
        const previous = lastClipping[k] as number;
        // Counters restart at a reboot: only count increases.
        if (!Number.isNaN(previous) && counter > previous) {
          clippingIncrease[k] = (clippingIncrease[k] as number) + counter - previous;
        }
        lastClipping[k] = counter;
      });
    });
  }
  const measured = (value: number) => (count > 0 && Number.isFinite(value) ? value : null);
  const totalClipping = clippingIncrease.reduce((a, b) => a + b, 0);
  const metrics = [
    ...AXES.map(([axis], k) =>
      metric(
        message('metric-max-vibration', { axis }),
        measured((maxima[k] as { value: number }).value),
        params.failAboveMps2,
        'max',
        'm/s²',
      ),
    ),
    metric(
      'metric-clipping-increase',
      count > 0 ? totalClipping : null,
      params.maxClippingIncrease,
      'max',
      '',
    ),
  ];
  const worstAxis = maxima.reduce((a, b) => (b.value > a.value ? b : a));
  const worst: EvidenceSample | null =
    count > 0 && Number.isFinite(worstAxis.value)
      ? evidenceAt(flight, worstAxis.tUs, worstAxis.value)
      : null;
  const notes =
    worst === null
      ? []
      : [
          worst.value < params.goodBelowMps2
            ? message('note-vibration-good', { goodBelowMps2: params.goodBelowMps2 })
            : message('note-vibration-marginal', {
                valueMps2: Math.round(worst.value * 10) / 10,
                goodBelowMps2: params.goodBelowMps2,
              }),
        ];
  return outcome('vibration', window, {
    metrics,
    coverage: {
      fraction: sampleCoverage(vibration?.tUs, window.spans, input.sampleHoldS),
      channels: ['vibration'],
    },
    evidence: { worst, sampleCount: count, notes },
    ...(count === 0
      ? { reason: message('reason-no-samples-in-window', { channel: 'VIBRATION' }) }
      : {}),
  });
}

export const vibration: CriterionDefinition<typeof vibrationParamsSchema> = {
  id: 'vibration',
  title: 'Vibration health',
  paramsSchema: vibrationParamsSchema,
  defaultWindow: { kind: 'airborne' },
  gatedByCoverage: true,
  evaluate: evaluateVibration,
};
