import { z } from 'zod';
import type { CriterionDefinition, CriterionInput } from '../criterionDefinition.js';
import type { CriterionOutcome, EvidencePoint } from '../criterionResult.js';
import { FenceChecker } from '../fences/fenceChecker.js';
import type { FenceState } from '../fences/fenceStatus.js';
import { message } from '../message.js';
import { metric, outcome, type EvidenceParts } from '../outcome.js';
import { sampleCoverage } from '../series/coverage.js';
import { failsafeModesOf, firstTimeInModes } from '../series/modeSets.js';
import { decimate, evidenceAt } from '../series/positionAt.js';
import { forEachIndexIn } from '../series/sampleIndex.js';

export const geofenceParamsSchema = z.strictObject({
  maxBreaches: z.number().int().nonnegative().default(0),
  /** Largest tolerated distance beyond the fence [m]; reported only when null. */
  maxBreachDistanceM: z.number().nonnegative().nullable().default(null),
  /** Longest tolerated time from a breach to RTL/LAND [s]; reported only when null. */
  maxFailsafeDelayS: z.number().nonnegative().nullable().default(null),
  /** Overrides the fences' warning margin [m]. */
  marginM: z.number().nonnegative().optional(),
});

export type GeofenceParams = z.output<typeof geofenceParamsSchema>;

/** Replays every position sample of the window through the live fence check. */
export function evaluateGeofence(input: CriterionInput<GeofenceParams>): CriterionOutcome {
  const { flight, window, params } = input;
  const id = 'geofence';
  const judged = (breaches: number | null, distance: number | null, delay: number | null) => [
    metric('metric-breaches', breaches, params.maxBreaches, 'max', ''),
    metric('metric-max-breach-distance', distance, params.maxBreachDistanceM, 'max', 'm'),
    metric('metric-breach-to-failsafe', delay, params.maxFailsafeDelayS, 'max', 's'),
  ];
  const position = flight.series.position;
  const coverage = {
    fraction: sampleCoverage(
      position?.tUs,
      window.spans,
      input.sampleHoldS,
      (i) => !Number.isNaN(position?.latDeg[i] as number),
    ),
    channels: ['position'],
  };
  if (!input.fences || !position) {
    return outcome(id, window, {
      metrics: judged(null, null, null),
      verdict: 'insufficient-data',
      coverage,
      reason: input.fences
        ? message('reason-no-samples', { kind: 'position' })
        : message('reason-no-fences'),
    });
  }
  const fences =
    params.marginM === undefined ? input.fences : { ...input.fences, marginM: params.marginM };
  const checker = new FenceChecker(fences);
  let previous = 'inside' as FenceState;
  let breaches = 0;
  let warnings = 0;
  let predicted = 0;
  let wasPredicted = false;
  let maxBreachM = 0;
  let worstUs = 0;
  let outsideUs = 0;
  let breachStartUs = 0;
  let count = 0;
  let lastTUs = 0;
  const spans: NonNullable<EvidenceParts['spans']> = [];
  const points: EvidencePoint[] = [];
  const breachStarts: number[] = [];
  forEachIndexIn(position.tUs, window.spans, (i) => {
    const latDeg = position.latDeg[i] as number;
    const lonDeg = position.lonDeg[i] as number;
    if (Number.isNaN(latDeg) || Number.isNaN(lonDeg)) return;
    const tUs = position.tUs[i] as number;
    const status = checker.check({
      latDeg,
      lonDeg,
      altRelM: nullable(position.altRelM[i] as number),
      vnMps: nullable(position.vnMps[i] as number),
      veMps: nullable(position.veMps[i] as number),
      vdMps: nullable(position.vdMps[i] as number),
    });
    count++;
    if (previous === 'breach') outsideUs += tUs - lastTUs;
    if (status.state === 'breach' && previous !== 'breach') {
      breaches++;
      breachStartUs = tUs;
      breachStarts.push(tUs);
      points.push({
        tUs,
        latDeg,
        lonDeg,
        label: `${breaches}: ${status.breachedIds.join(', ')}`,
      });
    }
    if (status.state !== 'breach' && previous === 'breach') {
      spans.push({
        startUs: breachStartUs,
        endUs: tUs,
        label: message('span-breach', { number: breaches }),
      });
    }
    if (status.state === 'warning' && previous === 'inside') warnings++;
    if (status.predictedBreach && !wasPredicted) predicted++;
    wasPredicted = status.predictedBreach;
    if (status.breachDistanceM > maxBreachM) {
      maxBreachM = status.breachDistanceM;
      worstUs = tUs;
    }
    previous = status.state;
    lastTUs = tUs;
  });
  if (previous === 'breach')
    spans.push({
      startUs: breachStartUs,
      endUs: lastTUs,
      label: message('span-breach', { number: breaches }),
    });
  if (count === 0) {
    return outcome(id, window, {
      metrics: judged(null, null, null),
      verdict: 'insufficient-data',
      coverage,
      reason: message('reason-no-samples-in-window', { channel: 'position' }),
    });
  }
  const failsafeModes = failsafeModesOf(flight);
  let worstDelayS: number | null = null;
  for (const startUs of breachStarts) {
    const failsafeUs = firstTimeInModes(flight, failsafeModes, startUs);
    const delayS = ((failsafeUs ?? flight.endUs) - startUs) / 1e6;
    worstDelayS = Math.max(worstDelayS ?? 0, delayS);
  }
  const metrics = [
    ...judged(breaches, maxBreachM, worstDelayS),
    metric('metric-time-outside', outsideUs / 1e6, null, 'max', 's'),
    metric('metric-warnings', warnings, null, 'max', ''),
    metric('metric-predicted-breaches', predicted, null, 'max', ''),
  ];
  // A delay that was never measured because nothing was breached is not missing data.
  if (breaches === 0) (metrics[2] as { threshold: number | null }).threshold = null;
  return outcome(id, window, {
    metrics,
    coverage,
    evidence: {
      worst: breaches > 0 ? evidenceAt(flight, worstUs, maxBreachM) : null,
      spans,
      points: decimate(points, 200),
      sampleCount: count,
    },
  });
}

function nullable(value: number): number | null {
  return Number.isNaN(value) ? null : value;
}

export const geofence: CriterionDefinition<typeof geofenceParamsSchema> = {
  id: 'geofence',
  title: 'Geofence containment',
  paramsSchema: geofenceParamsSchema,
  defaultWindow: { kind: 'whole-flight' },
  gatedByCoverage: true,
  evaluate: evaluateGeofence,
};
