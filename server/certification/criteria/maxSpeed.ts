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

export const maxSpeedParamsSchema = z.strictObject({
  /** EU C0/C1 limit; 3 m/s for a low-speed mode test. */
  maxSpeedMps: z.number().positive().default(19),
  /** The speed must be sustained this long to count (rolling mean) [s]. */
  sustainS: z.number().positive().default(10),
});

export type MaxSpeedParams = z.output<typeof maxSpeedParamsSchema>;

/** Horizontal speed per sample: the fused velocity, else VFR_HUD ground speed. */
export function horizontalSpeedSeries(
  flight: FlightData,
): { tUs: Float64Array; speedMps: Float64Array } | null {
  const position = flight.series.position;
  if (position && position.tUs.length > 0) {
    const speedMps = new Float64Array(position.tUs.length);
    for (let i = 0; i < speedMps.length; i++) {
      const vn = position.vnMps[i] as number;
      const ve = position.veMps[i] as number;
      speedMps[i] = Math.sqrt(vn * vn + ve * ve);
    }
    if (speedMps.some((v) => !Number.isNaN(v))) return { tUs: position.tUs, speedMps };
  }
  const hud = flight.series.hud;
  return hud && hud.tUs.length > 0 ? { tUs: hud.tUs, speedMps: hud.groundSpeedMps } : null;
}

export function evaluateMaxSpeed(input: CriterionInput<MaxSpeedParams>): CriterionOutcome {
  const { flight, window, params } = input;
  const series = horizontalSpeedSeries(flight);
  let max = -Infinity;
  let maxEndUs = 0;
  let windows = 0;
  if (series) {
    for (const span of window.spans) {
      const [from, to] = indexRange(series.tUs, span);
      const extremes = rollingMeanExtremes(series.tUs, series.speedMps, from, to, params.sustainS);
      windows += extremes.windows;
      if (extremes.max > max) {
        max = extremes.max;
        maxEndUs = extremes.maxEndUs;
      }
    }
  }
  const measured = windows > 0 ? max : null;
  return outcome('max-speed', window, {
    metrics: [
      metric(
        message('metric-max-sustained-speed', { sustainS: params.sustainS }),
        measured,
        params.maxSpeedMps,
        'max',
        'm/s',
      ),
    ],
    coverage: {
      fraction: sampleCoverage(
        series?.tUs,
        window.spans,
        input.sampleHoldS,
        series ? known(series.speedMps) : undefined,
      ),
      channels: [series && series.tUs === flight.series.hud?.tUs ? 'hud' : 'position'],
    },
    ...(measured === null
      ? {
          reason: message('reason-no-sustained-stretch', {
            sustainS: params.sustainS,
            channel: 'speed',
          }),
        }
      : {
          evidence: {
            worst: evidenceAt(flight, maxEndUs, max),
            spans: [
              {
                startUs: maxEndUs - params.sustainS * 1e6,
                endUs: maxEndUs,
                label: message('span-fastest-stretch'),
              },
            ],
          },
        }),
  });
}

export const maxSpeed: CriterionDefinition<typeof maxSpeedParamsSchema> = {
  id: 'max-speed',
  title: 'Maximum horizontal speed',
  paramsSchema: maxSpeedParamsSchema,
  defaultWindow: { kind: 'whole-flight' },
  gatedByCoverage: true,
  evaluate: evaluateMaxSpeed,
};
