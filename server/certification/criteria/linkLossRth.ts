import { z } from 'zod';
import type { CriterionDefinition, CriterionInput } from '../criterionDefinition.js';
import type { CriterionOutcome, EvidencePoint } from '../criterionResult.js';
import { horizontalDistanceM } from '../localProjection.js';
import { metric, outcome, type EvidenceParts } from '../outcome.js';
import type { Message } from '../message.js';
import { disarmTimes } from '../series/armedState.js';
import { message } from '../message.js';
import { sampleCoverage } from '../series/coverage.js';
import { linkLossSeries } from '../series/linkLosses.js';
import { failsafeModesOf, firstTimeInModes } from '../series/modeSets.js';
import { evidenceAt, positionIndexAt } from '../series/positionAt.js';
import { lastIndexAtOrBefore } from '../series/sampleIndex.js';
import type { Span } from '../series/spans.js';
import type { FlightData } from '../flightData.js';

export const linkLossRthParamsSchema = z.strictObject({
  /** From the last frame heard to RTL/LAND [s]; ArduCopter's FS_GCS_TIMEOUT default. */
  maxModeChangeDelayS: z.number().nonnegative().default(5),
  /** Reported only when null (a plane that circles home instead of landing) [m]. */
  maxLandingDistanceFromHomeM: z.number().positive().nullable().default(5),
});

export type LinkLossRthParams = z.output<typeof linkLossRthParamsSchema>;

/**
 * For each link loss in the window (an armed silence longer than the failsafe timeout, see
 * series/linkLosses.ts): time from the last frame heard to RTL or LAND; then the landing:
 * distance from home of the last position at the first disarm after the last loss. Shorter
 * dropouts are not link losses: they count toward link-integrity only.
 */
export function evaluateLinkLossRth(input: CriterionInput<LinkLossRthParams>): CriterionOutcome {
  const { flight, window, params } = input;
  const id = 'link-loss-rth';
  const metrics = (delay: number | null, landing: number | null) => [
    metric('metric-link-loss-to-failsafe', delay, params.maxModeChangeDelayS, 'max', 's'),
    metric('metric-landing-from-home', landing, params.maxLandingDistanceFromHomeM, 'max', 'm'),
  ];
  const timeout = input.failsafeTimeout;
  const series = linkLossSeries(flight, window.spans, input.failsafeTimeout);
  const losses = series.losses;
  const coverage = {
    fraction: sampleCoverage(
      flight.series.heartbeat?.tUs,
      window.spans,
      input.failsafeTimeout.timeoutS,
    ),
    channels: ['heartbeat'],
  };
  const timeoutNote = message(
    timeout.source === 'plan' ? 'note-failsafe-timeout-plan' : 'note-failsafe-timeout-vehicle',
    { timeoutS: input.failsafeTimeout.timeoutS, parameter: input.failsafeTimeout.source },
  );
  const longest = series.longestGap;
  const longestNote = longest
    ? [
        message('note-longest-heartbeat-gap', {
          gapS: Math.round((longest.endUs - longest.startUs) / 1e4) / 100,
        }),
      ]
    : [];
  if (losses.length === 0) {
    return outcome(id, window, {
      metrics: metrics(null, null),
      verdict: 'not-applicable',
      coverage,
      evidence: { notes: [timeoutNote, ...longestNote] },
      reason: message('reason-no-link-loss', { timeoutS: input.failsafeTimeout.timeoutS }),
    });
  }
  if (flight.modeTimeline.length === 0) {
    return outcome(id, window, {
      metrics: metrics(null, null),
      verdict: 'insufficient-data',
      coverage,
      evidence: { notes: [timeoutNote] },
      reason: message('reason-link-lost-no-modes'),
    });
  }
  const failsafeModes = failsafeModesOf(flight);
  const notes: Message[] = [timeoutNote, ...longestNote];
  const spans: NonNullable<EvidenceParts['spans']> = [];
  let worstDelayS: number | null = null;
  let worstLossUs = 0;
  /** A loss whose failsafe is only bounded, and the bound exceeds the allowed delay. */
  let undated = false;
  /** A loss whose failsafe came too late, or never came: a fail whatever the others show. */
  let datedFailure = false;
  for (const loss of losses) {
    const failsafeUs = firstTimeInModes(flight, failsafeModes, loss.startUs);
    let delayS: number;
    if (failsafeUs === null) {
      delayS = (flight.endUs - loss.startUs) / 1e6;
      datedFailure = true;
      notes.push(
        message('note-no-failsafe-after-loss', {
          lossAt: isoTime(loss.startUs),
          followingS: round1(delayS),
        }),
      );
      if (delayS <= params.maxModeChangeDelayS) {
        return outcome(id, window, {
          metrics: metrics(null, null),
          verdict: 'insufficient-data',
          coverage,
          evidence: { notes, spans: [{ ...loss, label: message('span-link-lost') }] },
          reason: message('reason-data-end-after-loss', { delayS: round1(delayS) }),
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
        label: message('span-loss-to-failsafe-bounded', { delayS: round1(delayS) }),
      });
      notes.push(
        message('note-switch-undated', { delayS: round1(delayS), lossAt: isoTime(loss.startUs) }),
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
          message('note-switch-from-onboard-log', {
            switchAt: isoTime(failsafeUs),
            sha256: String(fromLog.data.onboardLogSha256),
          }),
        );
      }
      spans.push({
        startUs: loss.startUs,
        endUs: failsafeUs,
        label: message('span-loss-to-failsafe', { delayS: round1(delayS) }),
      });
    }
    spans.push({ ...loss, label: message('span-link-lost') });
    if (worstDelayS === null || delayS > worstDelayS) {
      worstDelayS = delayS;
      worstLossUs = loss.startUs;
    }
  }
  const lastLoss = losses[losses.length - 1] as (typeof losses)[number];
  const disarmUs = disarmTimes(flight).find((t) => t > lastLoss.startUs);
  let landingM: number | null = null;
  const points: EvidencePoint[] = [];
  if (disarmUs === undefined) notes.push(message('note-no-disarm-after-loss'));
  else if (!flight.home) notes.push(message('note-home-unknown'));
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
    } else notes.push(message('note-no-position-before-disarm', { maxAgeS: 10 }));
  }
  const evidence = {
    worst: evidenceAt(flight, worstLossUs, worstDelayS ?? 0),
    spans,
    points,
    notes,
  };
  const landingFailed =
    landingM !== null &&
    params.maxLandingDistanceFromHomeM !== null &&
    landingM > params.maxLandingDistanceFromHomeM;
  if (undated && !datedFailure && !landingFailed) {
    return outcome(id, window, {
      metrics: metrics(null, landingM),
      verdict: 'insufficient-data',
      coverage,
      evidence,
      reason: message('reason-switch-undated'),
    });
  }
  return outcome(id, window, { metrics: metrics(worstDelayS, landingM), evidence, coverage });
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

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

function isoTime(tUs: number): string {
  return new Date(tUs / 1000).toISOString();
}

export const linkLossRth: CriterionDefinition<typeof linkLossRthParamsSchema> = {
  id: 'link-loss-rth',
  title: 'Failsafe on link loss',
  paramsSchema: linkLossRthParamsSchema,
  defaultWindow: { kind: 'whole-flight' },
  gatedByCoverage: false,
  evaluate: evaluateLinkLossRth,
};
