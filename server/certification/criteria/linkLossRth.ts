import { z } from 'zod';
import type { CriterionDefinition, CriterionInput } from '../criterionDefinition.js';
import type { CriterionOutcome, EvidencePoint, EvidenceSpan } from '../criterionResult.js';
import { horizontalDistanceM } from '../localProjection.js';
import { metric, outcome } from '../outcome.js';
import { disarmTimes } from '../series/armedState.js';
import { linkLossSpans } from '../series/linkLosses.js';
import { FAILSAFE_MODES, firstTimeInModes } from '../series/modeSets.js';
import { evidenceAt, positionIndexAt } from '../series/positionAt.js';
import { lastIndexAtOrBefore } from '../series/sampleIndex.js';
import type { Span } from '../series/spans.js';
import type { FlightData } from '../flightData.js';

export const linkLossRthParamsSchema = z.strictObject({
  /** ArduCopter FS_GCS_TIMEOUT default [s]. */
  maxModeChangeDelayS: z.number().nonnegative().default(5),
  maxLandingDistanceFromHomeM: z.number().positive().default(5),
  /** A heartbeat gap at least this long while armed is a link loss [s]. */
  minGapS: z.number().positive().default(3),
});

export type LinkLossRthParams = z.output<typeof linkLossRthParamsSchema>;

/**
 * For each link loss in the window: time from the last frame heard to RTL or LAND; then the
 * landing: distance from home of the last position at the first disarm after the last loss.
 */
export function evaluateLinkLossRth(input: CriterionInput<LinkLossRthParams>): CriterionOutcome {
  const { flight, window, params } = input;
  const id = 'link-loss-rth';
  const metrics = (delay: number | null, landing: number | null) => [
    metric('worst time from link loss to RTL/LAND', delay, params.maxModeChangeDelayS, 'max', 's'),
    metric('landing distance from home', landing, params.maxLandingDistanceFromHomeM, 'max', 'm'),
  ];
  const losses = linkLossSpans(flight, window.spans, params.minGapS);
  if (losses.length === 0) {
    return outcome(id, window, {
      metrics: metrics(null, null),
      verdict: 'not-applicable',
      reason: 'no link loss while armed in the window',
    });
  }
  if (flight.modeTimeline.length === 0) {
    return outcome(id, window, {
      metrics: metrics(null, null),
      verdict: 'insufficient-data',
      reason: 'link lost but the flight has no mode timeline',
    });
  }
  const notes: string[] = [];
  const spans: EvidenceSpan[] = [];
  let worstDelayS: number | null = null;
  let worstLossUs = 0;
  /** A loss whose failsafe is only bounded, and the bound exceeds the allowed delay. */
  let undated = false;
  /** A loss whose failsafe came too late, or never came: a fail whatever the others show. */
  let datedFailure = false;
  for (const loss of losses) {
    const failsafeUs = firstTimeInModes(flight, FAILSAFE_MODES, loss.startUs);
    let delayS: number;
    if (failsafeUs === null) {
      delayS = (flight.endUs - loss.startUs) / 1e6;
      datedFailure = true;
      notes.push(
        `no RTL/LAND after the loss at ${isoTime(loss.startUs)} (${delayS.toFixed(1)} s of data follow)`,
      );
      if (delayS <= params.maxModeChangeDelayS) {
        return outcome(id, window, {
          metrics: metrics(null, null),
          verdict: 'insufficient-data',
          evidence: { notes, spans: [{ ...loss, label: 'link lost' }] },
          reason: `the data end ${delayS.toFixed(1)} s after the link loss, before a failsafe could be seen`,
        });
      }
    } else if (switchedUnseen(flight, loss, failsafeUs)) {
      // Already in RTL/LAND when the ground hears the vehicle again, with nothing dating the
      // switch inside the silence (an onboard log merged in would have): it came at most the
      // whole gap after the loss. That bound passes if it is short enough; otherwise the delay
      // is unknown, not failed.
      delayS = (failsafeUs - loss.startUs) / 1e6;
      spans.push({
        startUs: loss.startUs,
        endUs: failsafeUs,
        label: `loss → failsafe ≤ ${delayS.toFixed(1)} s (switched during the silence)`,
      });
      notes.push(
        `already in RTL/LAND when the link came back ${delayS.toFixed(1)} s after the loss at ${isoTime(loss.startUs)}: the switch is not dated`,
      );
      if (delayS > params.maxModeChangeDelayS) undated = true;
    } else {
      delayS = (failsafeUs - loss.startUs) / 1e6;
      if (delayS > params.maxModeChangeDelayS) datedFailure = true;
      // Name the onboard log that dated the switch: the note is in the signed results.
      const fromLog = flight.events.find(
        (e) => e.type === 'mode-change' && e.tUs === failsafeUs && e.data.source === 'onboard-log',
      );
      if (fromLog) {
        notes.push(
          `switch at ${isoTime(failsafeUs)} from the onboard log (sha256 ${String(fromLog.data.onboardLogSha256)})`,
        );
      }
      spans.push({
        startUs: loss.startUs,
        endUs: failsafeUs,
        label: `loss → failsafe ${delayS.toFixed(1)} s`,
      });
    }
    spans.push({ ...loss, label: 'link lost' });
    if (worstDelayS === null || delayS > worstDelayS) {
      worstDelayS = delayS;
      worstLossUs = loss.startUs;
    }
  }
  const lastLoss = losses[losses.length - 1] as (typeof losses)[number];
  const disarmUs = disarmTimes(flight).find((t) => t > lastLoss.startUs);
  let landingM: number | null = null;
  const points: EvidencePoint[] = [];
  if (disarmUs === undefined) notes.push('no disarm after the link loss: landing not observed');
  else if (!flight.home) notes.push('home position unknown');
  else {
    const i = positionIndexAt(flight, disarmUs, 10);
    const position = flight.series.position;
    if (i >= 0 && position) {
      const touchdown = {
        latDeg: position.latDeg[i] as number,
        lonDeg: position.lonDeg[i] as number,
      };
      landingM = horizontalDistanceM(flight.home, touchdown);
      points.push({ tUs: disarmUs, ...touchdown, label: 'touchdown' });
      points.push({
        tUs: disarmUs,
        latDeg: flight.home.latDeg,
        lonDeg: flight.home.lonDeg,
        label: 'home',
      });
    } else notes.push('no position within 10 s before disarm');
  }
  const evidence = {
    worst: evidenceAt(flight, worstLossUs, worstDelayS ?? 0),
    spans,
    points,
    notes,
  };
  const landingFailed = landingM !== null && landingM > params.maxLandingDistanceFromHomeM;
  if (undated && !datedFailure && !landingFailed) {
    return outcome(id, window, {
      metrics: metrics(null, landingM),
      verdict: 'insufficient-data',
      evidence,
      reason:
        'the switch to RTL/LAND happened while the ground heard nothing: merge the onboard log to date it',
    });
  }
  return outcome(id, window, { metrics: metrics(worstDelayS, landingM), evidence });
}

/**
 * True when the vehicle was already in RTL/LAND the first time the ground heard its mode after
 * the loss: no heartbeat and no mode change (an onboard log merged in gives those) between the
 * last frame heard and that sighting, so the switch happened somewhere in the silence.
 */
function switchedUnseen(flight: FlightData, loss: Span, failsafeUs: number): boolean {
  if (failsafeUs <= loss.startUs || failsafeUs < loss.endUs || loss.endUs >= flight.endUs) {
    return false;
  }
  const heartbeat = flight.series.heartbeat;
  if (heartbeat) {
    const before = lastIndexAtOrBefore(heartbeat.tUs, failsafeUs - 1);
    if (before >= 0 && (heartbeat.tUs[before] as number) > loss.startUs) return false;
  }
  return !flight.events.some(
    (e) => e.type === 'mode-change' && e.tUs > loss.startUs && e.tUs < failsafeUs,
  );
}

function isoTime(tUs: number): string {
  return new Date(tUs / 1000).toISOString();
}

export const linkLossRth: CriterionDefinition<typeof linkLossRthParamsSchema> = {
  id: 'link-loss-rth',
  title: 'Failsafe on link loss',
  paramsSchema: linkLossRthParamsSchema,
  defaultWindow: { kind: 'whole-flight' },
  evaluate: evaluateLinkLossRth,
};
