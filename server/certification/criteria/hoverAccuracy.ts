import { z } from 'zod';
import type { CriterionDefinition, CriterionInput } from '../criterionDefinition.js';
import type { CriterionOutcome, EvidenceSample } from '../criterionResult.js';
import { localProjection } from '../localProjection.js';
import { message, type Message } from '../message.js';
import { metric, outcome } from '../outcome.js';
import { sampleCoverage } from '../series/coverage.js';
import { evidenceAt } from '../series/positionAt.js';
import { indexRange, longestGapS } from '../series/sampleIndex.js';
import { spanDurationS, type Span } from '../series/spans.js';

export const hoverAccuracyParamsSchema = z.strictObject({
  /** 2DRMS = 2·√(mean squared horizontal distance from the hold point) [m]. */
  max2drmsM: z.number().positive().default(1.5),
  maxVerticalDeviationM: z.number().positive().default(1.0),
  /** Largest single horizontal deviation [m]; reported only when null. */
  maxHorizontalDeviationM: z.number().positive().nullable().default(null),
  /** A hold shorter than this is not a hover test [s]. */
  minHoldS: z.number().positive().default(30),
  /** Seconds dropped at the start of each hold while the vehicle brakes into it. */
  settleS: z.number().nonnegative().default(5),
  /** A longer gap in position data inside a hold makes it unusable [s]. */
  maxGapS: z.number().positive().default(2),
  /** The commanded hold point; the window's mean point when absent. */
  commandedPoint: z
    .strictObject({ latDeg: z.number(), lonDeg: z.number(), altRelM: z.number().optional() })
    .optional(),
});

export type HoverAccuracyParams = z.output<typeof hoverAccuracyParamsSchema>;

interface HoldStats {
  span: Span;
  twoDrmsM: number;
  maxHorizontalM: number;
  maxVerticalM: number;
  worstHorizontal: EvidenceSample;
  samples: number;
}

export function evaluateHoverAccuracy(
  input: CriterionInput<HoverAccuracyParams>,
): CriterionOutcome {
  const { flight, window, params } = input;
  const position = flight.series.position;
  const id = 'hover-accuracy';
  const holds = window.spans.filter((span) => spanDurationS(span) >= params.minHoldS);
  const judged = (values: {
    twoDrms: number | null;
    vertical: number | null;
    horizontal: number | null;
  }) => [
    metric('metric-2drms', values.twoDrms, params.max2drmsM, 'max', 'm'),
    metric(
      'metric-vertical-max-deviation',
      values.vertical,
      params.maxVerticalDeviationM,
      'max',
      'm',
    ),
    metric(
      'metric-horizontal-max-deviation',
      values.horizontal,
      params.maxHorizontalDeviationM,
      'max',
      'm',
    ),
  ];
  const none = { twoDrms: null, vertical: null, horizontal: null };
  const settled = holds.map((hold) => ({
    startUs: hold.startUs + params.settleS * 1e6,
    endUs: hold.endUs,
  }));
  const coverage = {
    fraction: sampleCoverage(
      position?.tUs,
      settled,
      input.sampleHoldS,
      (i) => !Number.isNaN(position?.latDeg[i] as number),
    ),
    channels: ['position'],
  };
  if (!position || holds.length === 0) {
    return outcome(id, window, {
      metrics: judged(none),
      verdict: 'insufficient-data',
      coverage,
      reason: position
        ? message('reason-no-hold-segment', { minHoldS: params.minHoldS })
        : message('reason-no-samples', { kind: 'position' }),
    });
  }
  const stats: HoldStats[] = [];
  const notes: Message[] = [];
  for (const hold of holds) {
    const span = { startUs: hold.startUs + params.settleS * 1e6, endUs: hold.endUs };
    const gap = longestGapS(position.tUs, [span]);
    if (gap.gapS > params.maxGapS) {
      notes.push(
        message('note-hold-skipped-gap', {
          holdAt: new Date(hold.startUs / 1000).toISOString(),
          gapS: Math.round(gap.gapS * 10) / 10,
        }),
      );
      continue;
    }
    const result = holdStats(input, span);
    if (result) stats.push(result);
  }
  if (stats.length === 0) {
    return outcome(id, window, {
      metrics: judged(none),
      verdict: 'insufficient-data',
      coverage,
      evidence: { notes },
      reason: message('reason-every-hold-has-gaps', { maxGapS: params.maxGapS }),
    });
  }
  const worst = stats.reduce((a, b) => (b.twoDrmsM > a.twoDrmsM ? b : a));
  const maxVerticalM = Math.max(...stats.map((s) => s.maxVerticalM));
  const worstHorizontal = stats.reduce((a, b) => (b.maxHorizontalM > a.maxHorizontalM ? b : a));
  const spans = stats.map((s) => ({
    ...s.span,
    label: message('span-hold', {
      twoDrmsM: Math.round(s.twoDrmsM * 100) / 100,
      verticalM: Math.round(s.maxVerticalM * 100) / 100,
    }),
  }));
  return outcome(id, window, {
    metrics: judged({
      twoDrms: worst.twoDrmsM,
      vertical: maxVerticalM,
      horizontal: worstHorizontal.maxHorizontalM,
    }),
    coverage,
    evidence: {
      worst: worstHorizontal.worstHorizontal,
      spans,
      sampleCount: stats.reduce((sum, s) => sum + s.samples, 0),
      notes,
    },
  });
}

function holdStats(input: CriterionInput<HoverAccuracyParams>, span: Span): HoldStats | null {
  const position = input.flight.series.position;
  if (!position) return null;
  const [from, to] = indexRange(position.tUs, span);
  let latSum = 0;
  let lonSum = 0;
  let altSum = 0;
  let count = 0;
  let altCount = 0;
  for (let i = from; i < to; i++) {
    const lat = position.latDeg[i] as number;
    const lon = position.lonDeg[i] as number;
    if (Number.isNaN(lat) || Number.isNaN(lon)) continue;
    latSum += lat;
    lonSum += lon;
    count++;
    const alt = position.altRelM[i] as number;
    if (!Number.isNaN(alt)) {
      altSum += alt;
      altCount++;
    }
  }
  if (count < 10) return null;
  const commanded = input.params.commandedPoint;
  const center = commanded ?? { latDeg: latSum / count, lonDeg: lonSum / count };
  const centerAltM = commanded?.altRelM ?? (altCount > 0 ? altSum / altCount : Number.NaN);
  const projection = localProjection(center);
  let squaredSum = 0;
  let maxHorizontalM = 0;
  let worstIndex = from;
  let maxVerticalM = 0;
  for (let i = from; i < to; i++) {
    const lat = position.latDeg[i] as number;
    const lon = position.lonDeg[i] as number;
    if (Number.isNaN(lat) || Number.isNaN(lon)) continue;
    const eastM = projection.eastM(lon);
    const northM = projection.northM(lat);
    const distanceM = Math.sqrt(eastM * eastM + northM * northM);
    squaredSum += distanceM * distanceM;
    if (distanceM > maxHorizontalM) {
      maxHorizontalM = distanceM;
      worstIndex = i;
    }
    const verticalM = Math.abs((position.altRelM[i] as number) - centerAltM);
    if (verticalM > maxVerticalM) maxVerticalM = verticalM;
  }
  return {
    span,
    twoDrmsM: 2 * Math.sqrt(squaredSum / count),
    maxHorizontalM,
    maxVerticalM: altCount > 0 ? maxVerticalM : Number.NaN,
    worstHorizontal: evidenceAt(input.flight, position.tUs[worstIndex] as number, maxHorizontalM),
    samples: count,
  };
}

export const hoverAccuracy: CriterionDefinition<typeof hoverAccuracyParamsSchema> = {
  id: 'hover-accuracy',
  title: 'Fixed-point hover',
  paramsSchema: hoverAccuracyParamsSchema,
  defaultWindow: { kind: 'hold-segments', minDurationS: 30 },
  gatedByCoverage: true,
  evaluate: evaluateHoverAccuracy,
};
