import { z } from 'zod';
import type { CriterionDefinition, CriterionInput } from '../criterionDefinition.js';
import type { CriterionOutcome, EvidenceSpan } from '../criterionResult.js';
import { metric, outcome } from '../outcome.js';
import { evidenceAt } from '../series/positionAt.js';
import { indexRange, longestGapS } from '../series/sampleIndex.js';
import { spanDurationS } from '../series/spans.js';

export const altitudeHoldParamsSchema = z.strictObject({
  maxRmsErrorM: z.number().positive().default(0.5),
  maxErrorM: z.number().positive().default(2),
  /** The commanded altitude above home [m]; each level segment's median when absent. */
  targetAltRelM: z.number().nullable().default(null),
  /** Level segments shorter than this are ignored [s]. */
  minSegmentS: z.number().positive().default(10),
  /** Seconds dropped at the start of each segment while the vehicle settles. */
  settleS: z.number().nonnegative().default(3),
  maxGapS: z.number().positive().default(2),
});

export type AltitudeHoldParams = z.output<typeof altitudeHoldParamsSchema>;

/**
 * Level segments are the window's spans (by default the altitude-holding modes of both autopilots)
 * that last at least minSegmentS. Without a declared target, the median is the held altitude:
 * it judges drift and oscillation, not a constant offset from a target nobody logged.
 */
export function evaluateAltitudeHold(input: CriterionInput<AltitudeHoldParams>): CriterionOutcome {
  const { flight, window, params } = input;
  const id = 'altitude-hold';
  const position = flight.series.position;
  const segments = window.spans
    .filter((span) => spanDurationS(span) >= params.minSegmentS + params.settleS)
    .map((span) => ({ startUs: span.startUs + params.settleS * 1e6, endUs: span.endUs }));
  const metrics = (rms: number | null, max: number | null) => [
    metric('RMS altitude error', rms, params.maxRmsErrorM, 'max', 'm'),
    metric('max altitude error', max, params.maxErrorM, 'max', 'm'),
  ];
  if (!position || segments.length === 0) {
    return outcome(id, window, {
      metrics: metrics(null, null),
      verdict: 'insufficient-data',
      reason: position
        ? `no level segment of at least ${params.minSegmentS} s`
        : 'no position samples',
    });
  }
  let squaredSum = 0;
  let count = 0;
  let maxErrorM = 0;
  let worstUs = 0;
  const spans: EvidenceSpan[] = [];
  const notes: string[] = [];
  for (const segment of segments) {
    const gap = longestGapS(position.tUs, [segment]);
    if (gap.gapS > params.maxGapS) {
      notes.push(`segment skipped: ${gap.gapS.toFixed(1)} s without position data`);
      continue;
    }
    const [from, to] = indexRange(position.tUs, segment);
    const altitudes = Array.from(position.altRelM.subarray(from, to)).filter(
      (a) => !Number.isNaN(a),
    );
    if (altitudes.length < 5) continue;
    const targetM = params.targetAltRelM ?? median(altitudes);
    let segmentMaxM = 0;
    for (let i = from; i < to; i++) {
      const altRelM = position.altRelM[i] as number;
      if (Number.isNaN(altRelM)) continue;
      const errorM = Math.abs(altRelM - targetM);
      squaredSum += errorM * errorM;
      count++;
      segmentMaxM = Math.max(segmentMaxM, errorM);
      if (errorM > maxErrorM) {
        maxErrorM = errorM;
        worstUs = position.tUs[i] as number;
      }
    }
    spans.push({
      ...segment,
      label: `level at ${targetM.toFixed(1)} m, max error ${segmentMaxM.toFixed(2)} m`,
    });
  }
  if (count === 0) {
    return outcome(id, window, {
      metrics: metrics(null, null),
      verdict: 'insufficient-data',
      evidence: { notes },
      reason: 'no level segment with continuous altitude data',
    });
  }
  return outcome(id, window, {
    metrics: metrics(Math.sqrt(squaredSum / count), maxErrorM),
    evidence: { worst: evidenceAt(flight, worstUs, maxErrorM), spans, sampleCount: count, notes },
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export const altitudeHold: CriterionDefinition<typeof altitudeHoldParamsSchema> = {
  id: 'altitude-hold',
  title: 'Altitude hold',
  paramsSchema: altitudeHoldParamsSchema,
  defaultWindow: { kind: 'mode', modeSet: 'altitude-hold' },
  evaluate: evaluateAltitudeHold,
};
