import { z } from 'zod';
import type { CriterionDefinition, CriterionInput } from '../criterionDefinition.js';
import type { CriterionOutcome } from '../criterionResult.js';
import type { MissionWaypoint } from '../flightData.js';
import { localProjection } from '../localProjection.js';
import { message } from '../message.js';
import { metric, outcome } from '../outcome.js';
import { sampleCoverage } from '../series/coverage.js';
import { nearestOnSegment, segmentDistanceSq } from '../planarGeometry.js';
import { decimate, evidenceAt } from '../series/positionAt.js';
import { forEachIndexIn, lastIndexAtOrBefore } from '../series/sampleIndex.js';

export const pathTrackingParamsSchema = z.strictObject({
  maxRmsCrossTrackM: z.number().positive().default(2),
  maxCrossTrackM: z.number().positive().nullable().default(null),
  /** The planned path; the flight's mission waypoints when absent. */
  waypoints: z
    .array(
      z.strictObject({
        seq: z.number().int().nonnegative(),
        latDeg: z.number(),
        lonDeg: z.number(),
      }),
    )
    .min(2)
    .optional(),
  minSamples: z.number().int().positive().default(20),
});

export type PathTrackingParams = z.output<typeof pathTrackingParamsSchema>;

/**
 * Cross-track distance of each position sample to the leg it flies: the leg ending at the
 * waypoint MISSION_CURRENT points at, or the nearest leg when the vehicle did not report it.
 * Distances in a local projection about the first waypoint (checked against Turf's
 * pointToLineDistance in the tests).
 */
export function evaluatePathTracking(input: CriterionInput<PathTrackingParams>): CriterionOutcome {
  const { flight, window, params } = input;
  const id = 'path-tracking';
  const waypoints: Pick<MissionWaypoint, 'seq' | 'latDeg' | 'lonDeg'>[] = [
    ...(params.waypoints ?? flight.missionWaypoints),
  ].sort((a, b) => a.seq - b.seq);
  const metrics = (rms: number | null, max: number | null) => [
    metric('metric-rms-cross-track', rms, params.maxRmsCrossTrackM, 'max', 'm'),
    metric('metric-max-cross-track', max, params.maxCrossTrackM, 'max', 'm'),
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
  if (waypoints.length < 2 || !position) {
    return outcome(id, window, {
      metrics: metrics(null, null),
      verdict: 'insufficient-data',
      coverage,
      reason: position
        ? message('reason-no-planned-path')
        : message('reason-no-samples', { kind: 'position' }),
    });
  }
  const projection = localProjection(waypoints[0] as MissionWaypoint);
  const legXY = new Float64Array(waypoints.length * 2);
  waypoints.forEach((waypoint, k) => {
    legXY[2 * k] = projection.eastM(waypoint.lonDeg);
    legXY[2 * k + 1] = projection.northM(waypoint.latDeg);
  });
  const legEndingAt = new Map(waypoints.map((waypoint, k) => [waypoint.seq, k] as const));
  const mission = flight.series.mission;

  let squaredSum = 0;
  let count = 0;
  let maxM = 0;
  let worstIndex = -1;
  // Indices and distances only: evidence points are built for the few kept after decimation.
  const measured: { index: number; distanceM: number }[] = [];
  forEachIndexIn(position.tUs, window.spans, (i) => {
    const lat = position.latDeg[i] as number;
    const lon = position.lonDeg[i] as number;
    if (Number.isNaN(lat) || Number.isNaN(lon)) return;
    const x = projection.eastM(lon);
    const y = projection.northM(lat);
    let leg = -1;
    if (mission) {
      const m = lastIndexAtOrBefore(mission.tUs, position.tUs[i] as number);
      const target = m >= 0 ? legEndingAt.get(mission.missionSeq[m] as number) : undefined;
      if (target !== undefined && target > 0) leg = target - 1;
    }
    let distanceM: number;
    if (leg >= 0) {
      distanceM = nearestOnSegment(
        x,
        y,
        legXY[2 * leg] as number,
        legXY[2 * leg + 1] as number,
        legXY[2 * leg + 2] as number,
        legXY[2 * leg + 3] as number,
      ).distanceM;
    } else {
      let bestSq = Infinity;
      for (let k = 0; k + 1 < waypoints.length; k++) {
        bestSq = Math.min(
          bestSq,
          segmentDistanceSq(
            x,
            y,
            legXY[2 * k] as number,
            legXY[2 * k + 1] as number,
            legXY[2 * k + 2] as number,
            legXY[2 * k + 3] as number,
          ),
        );
      }
      distanceM = Math.sqrt(bestSq);
    }
    squaredSum += distanceM * distanceM;
    count++;
    if (distanceM > maxM) {
      maxM = distanceM;
      worstIndex = i;
    }
    measured.push({ index: i, distanceM });
  });
  if (count < params.minSamples) {
    return outcome(id, window, {
      metrics: metrics(null, null),
      verdict: 'insufficient-data',
      coverage,
      reason: message('reason-too-few-samples', { count, minSamples: params.minSamples }),
    });
  }
  return outcome(id, window, {
    metrics: metrics(Math.sqrt(squaredSum / count), maxM),
    coverage,
    evidence: {
      worst: worstIndex >= 0 ? evidenceAt(flight, position.tUs[worstIndex] as number, maxM) : null,
      points: decimate(measured, 500).map(({ index, distanceM }) => ({
        tUs: position.tUs[index] as number,
        latDeg: position.latDeg[index] as number,
        lonDeg: position.lonDeg[index] as number,
        label: `${distanceM.toFixed(2)} m`,
      })),
      sampleCount: count,
    },
  });
}

export const pathTracking: CriterionDefinition<typeof pathTrackingParamsSchema> = {
  id: 'path-tracking',
  title: 'Path flight / cross-track',
  paramsSchema: pathTrackingParamsSchema,
  defaultWindow: { kind: 'mode', modeSet: 'mission' },
  gatedByCoverage: true,
  evaluate: evaluatePathTracking,
};
