import { z } from 'zod';
import type { CriterionDefinition, CriterionInput } from '../criterionDefinition.js';
import type { CriterionOutcome } from '../criterionResult.js';
import { message, type Message } from '../message.js';
import { metric, outcome, type EvidenceParts } from '../outcome.js';
import { sampleCoverage } from '../series/coverage.js';
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
    metric('metric-rms-altitude-error', rms, params.maxRmsErrorM, 'max', 'm'),
    metric('metric-max-altitude-error', max, params.maxErrorM, 'max', 'm'),
  ];
  const coverage = {
    fraction: sampleCoverage(
      position?.tUs,
      segments,
      input.sampleHoldS,
      (i) => !Number.isNaN(position?.altRelM[i] as number),
    ),
    channels: ['position'],
  };
  if (!position || segments.length === 0) {
    return outcome(id, window, {
      metrics: metrics(null, null),
      verdict: 'insufficient-data',
      coverage,
      reason: position
        ? message('reason-no-level-segment', { minSegmentS: params.minSegmentS })
        : message('reason-no-samples', { kind: 'position' }),
    });
  }
  let squaredSum = 0;
  let count = 0;
  let maxErrorM = 0;
  let worstUs = 0;
  const spans: NonNullable<EvidenceParts['spans']> = [];
  const notes: Message[] = [];
  for (const segment of segments) {
    const gap = longestGapS(position.tUs, [segment]);
    if (gap.gapS > params.maxGapS) {
      notes.push(message('note-segment-skipped-gap', { gapS: Math.round(gap.gapS * 10) / 10 }));
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
      label: message('span-level-segment', {
        targetM: Math.round(targetM * 10) / 10,
        maxErrorM: Math.round(segmentMaxM * 100) / 100,
      }),
    });
  }
  if (count === 0) {
    return outcome(id, window, {
      metrics: metrics(null, null),
      verdict: 'insufficient-data',
      coverage,
      evidence: { notes },
      reason: message('reason-no-continuous-level-segment'),
    });
  }
  return outcome(id, window, {
    metrics: metrics(Math.sqrt(squaredSum / count), maxErrorM),
    coverage,
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
  gatedByCoverage: true,
  evaluate: evaluateAltitudeHold,
};
