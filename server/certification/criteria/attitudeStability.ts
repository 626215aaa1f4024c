import { z } from 'zod';
import type { CriterionDefinition, CriterionInput } from '../criterionDefinition.js';
import type { CriterionOutcome } from '../criterionResult.js';
import { holdSegments } from '../planWindow.js';
import { message } from '../message.js';
import { metric, outcome } from '../outcome.js';
import { sampleCoverage } from '../series/coverage.js';
import { evidenceAt } from '../series/positionAt.js';
import { forEachIndexIn } from '../series/sampleIndex.js';
import { intersectSpans } from '../series/spans.js';

export const attitudeStabilityParamsSchema = z.strictObject({
  maxTiltDeg: z.number().positive().default(35),
  /** RMS tilt over position-hold segments [°]; reported only when null. */
  maxHoverTiltRmsDeg: z.number().positive().nullable().default(null),
  /** Position-hold spans at least this long are hovers [s]. */
  hoverMinDurationS: z.number().positive().default(30),
});

export type AttitudeStabilityParams = z.output<typeof attitudeStabilityParamsSchema>;

const DEG = Math.PI / 180;

/** Tilt = arccos(cos pitch · cos roll): the angle between the body z axis and the vertical. */
export function tiltDeg(rollDeg: number, pitchDeg: number): number {
  const cosine = Math.cos(pitchDeg * DEG) * Math.cos(rollDeg * DEG);
  return Math.acos(Math.min(1, Math.max(-1, cosine))) / DEG;
}

export function evaluateAttitudeStability(
  input: CriterionInput<AttitudeStabilityParams>,
): CriterionOutcome {
  const { flight, window, params } = input;
  const attitude = flight.series.attitude;
  let maxTilt = -Infinity;
  let worstUs = 0;
  let count = 0;
  let hoverSquaredSum = 0;
  let hoverCount = 0;
  if (attitude) {
    forEachIndexIn(attitude.tUs, window.spans, (i) => {
      const tilt = tiltDeg(attitude.rollDeg[i] as number, attitude.pitchDeg[i] as number);
      if (Number.isNaN(tilt)) return;
      count++;
      if (tilt > maxTilt) {
        maxTilt = tilt;
        worstUs = attitude.tUs[i] as number;
      }
    });
    const hovers = intersectSpans(window.spans, holdSegments(flight, params.hoverMinDurationS));
    forEachIndexIn(attitude.tUs, hovers, (i) => {
      const tilt = tiltDeg(attitude.rollDeg[i] as number, attitude.pitchDeg[i] as number);
      if (Number.isNaN(tilt)) return;
      hoverSquaredSum += tilt * tilt;
      hoverCount++;
    });
  }
  return outcome('attitude-stability', window, {
    metrics: [
      metric('metric-max-tilt', count > 0 ? maxTilt : null, params.maxTiltDeg, 'max', '°'),
      metric(
        'metric-rms-tilt-hover',
        hoverCount > 0 ? Math.sqrt(hoverSquaredSum / hoverCount) : null,
        params.maxHoverTiltRmsDeg,
        'max',
        '°',
      ),
    ],
    coverage: {
      fraction: sampleCoverage(attitude?.tUs, window.spans, input.sampleHoldS),
      channels: ['attitude'],
    },
    evidence: {
      worst: count > 0 ? evidenceAt(flight, worstUs, maxTilt) : null,
      sampleCount: count,
    },
    ...(count === 0
      ? { reason: message('reason-no-samples-in-window', { channel: 'attitude' }) }
      : {}),
  });
}

export const attitudeStability: CriterionDefinition<typeof attitudeStabilityParamsSchema> = {
  id: 'attitude-stability',
  title: 'Maximum tilt and hover stability',
  paramsSchema: attitudeStabilityParamsSchema,
  defaultWindow: { kind: 'airborne' },
  gatedByCoverage: true,
  evaluate: evaluateAttitudeStability,
};
