import { z } from 'zod';
import type { CriterionDefinition, CriterionInput } from '../criterionDefinition.js';
import type { CriterionOutcome } from '../criterionResult.js';
import { horizontalDistanceM } from '../localProjection.js';
import { message, type Message } from '../message.js';
import { metric, outcome } from '../outcome.js';
import { sampleCoverage } from '../series/coverage.js';
import { linkLossSeries } from '../series/linkLosses.js';
import { evidenceAt, positionIndexAt } from '../series/positionAt.js';
import { forEachIndexIn } from '../series/sampleIndex.js';
import { subtractSpans, type Span } from '../series/spans.js';
import type { FlightData } from '../flightData.js';
import type { LinkStats } from '../../../telemetry/model/linkStats.js';

export const linkIntegrityParamsSchema = z.strictObject({
  maxLossPct: z.number().min(0).max(100).default(2),
  maxHeartbeatGapS: z.number().positive().default(5),
  /** Lowest acceptable RADIO_STATUS rssi; reported only when null. */
  minRssi: z.number().nullable().default(null),
  /** The range figure is the distance from home where the vehicle's drop rate first exceeds this [%]. */
  rangeLossPct: z.number().min(0).max(100).default(5),
});

export type LinkIntegrityParams = z.output<typeof linkIntegrityParamsSchema>;

/**
 * Packet loss from the ground-link's sequence-number counters (else the vehicle's own
 * SYS_STATUS drop rate), longest heartbeat gap outside planned link-loss tests, RSSI minimum,
 * and the distance from home at which loss first exceeded rangeLossPct. The heartbeat gaps and
 * the link losses (silences longer than the failsafe timeout) come from the same series as
 * link-loss-rth's, so the two results never tell different stories.
 */
export function evaluateLinkIntegrity(
  input: CriterionInput<LinkIntegrityParams>,
): CriterionOutcome {
  const { flight, window, params } = input;
  const notes: Message[] = [];
  let lossPct: number | null = flight.link
    ? lossOutsidePlannedPct(flight, flight.link, input.plannedLinkLossSpans, notes)
    : null;
  const system = flight.series.system;
  if (lossPct === null && system) {
    let sum = 0;
    let count = 0;
    forEachIndexIn(system.tUs, window.spans, (i) => {
      const value = system.dropRateCommPct[i] as number;
      if (Number.isNaN(value)) return;
      sum += value;
      count++;
    });
    if (count > 0) {
      lossPct = sum / count;
      notes.push(message('note-loss-from-sys-status'));
    }
  }
  const heartbeat = flight.series.heartbeat;
  const judgedSpans = subtractSpans(window.spans, input.plannedLinkLossSpans);
  if (input.plannedLinkLossSpans.length > 0)
    notes.push(
      message('note-planned-losses-excluded', { count: input.plannedLinkLossSpans.length }),
    );
  const series = linkLossSeries(flight, judgedSpans, input.failsafeTimeout);
  const longest = heartbeat && judgedSpans.length > 0 ? series.longestGap : null;
  const gap = longest
    ? { gapS: (longest.endUs - longest.startUs) / 1e6, atUs: longest.startUs }
    : null;

  let minRssi = Infinity;
  const radio = flight.series.radio;
  if (radio) {
    forEachIndexIn(radio.tUs, window.spans, (i) => {
      const rssi = radio.rssi[i] as number;
      if (rssi < minRssi) minRssi = rssi;
    });
  }
  let lossRangeM: number | null = null;
  if (system && flight.home) {
    const home = flight.home;
    forEachIndexIn(system.tUs, window.spans, (i) => {
      if (lossRangeM !== null || !((system.dropRateCommPct[i] as number) > params.rangeLossPct))
        return;
      const p = positionIndexAt(flight, system.tUs[i] as number, 2);
      const position = flight.series.position;
      if (p < 0 || !position) return;
      lossRangeM = horizontalDistanceM(home, {
        latDeg: position.latDeg[p] as number,
        lonDeg: position.lonDeg[p] as number,
      });
    });
  }
  return outcome('link-integrity', window, {
    metrics: [
      metric('metric-packet-loss', lossPct, params.maxLossPct, 'max', '%'),
      metric(
        'metric-longest-heartbeat-gap',
        gap ? gap.gapS : null,
        params.maxHeartbeatGapS,
        'max',
        's',
      ),
      metric(
        'metric-minimum-rssi',
        Number.isFinite(minRssi) ? minRssi : null,
        params.minRssi,
        'min',
        '',
      ),
      metric(
        message('metric-loss-range', { lossPct: params.rangeLossPct }),
        lossRangeM,
        null,
        'min',
        'm',
      ),
      metric(
        message('metric-link-losses', { timeoutS: input.failsafeTimeout.timeoutS }),
        heartbeat ? series.losses.length : null,
        null,
        'max',
        '',
      ),
    ],
    coverage: {
      fraction: sampleCoverage(heartbeat?.tUs, window.spans, input.failsafeTimeout.timeoutS),
      channels: ['heartbeat'],
    },
    evidence: {
      worst: gap ? evidenceAt(flight, gap.atUs, gap.gapS) : null,
      spans: [
        ...(gap
          ? [
              {
                startUs: gap.atUs,
                endUs: gap.atUs + gap.gapS * 1e6,
                label: message('span-longest-heartbeat-gap'),
              },
            ]
          : []),
        ...series.losses.map((loss) => ({ ...loss, label: message('span-link-lost') })),
      ],
      notes,
    },
  });
}

/**
 * Frames lost while a planned link-loss test cut the link are the test, not a link defect. The
 * counters cover the whole flight, so the frames the vehicle sent during the planned outages are
 * estimated at its mean frame rate over the flight and left out of both counts.
 */
function lossOutsidePlannedPct(
  flight: FlightData,
  link: LinkStats,
  planned: readonly Span[],
  notes: Message[],
): number {
  const lost = link.framesLostBySeq + link.framesLostEstimated;
  const frames = link.framesReceived + lost;
  const flightUs = flight.endUs - flight.startUs;
  const plannedUs = planned.reduce(
    (sum, span) =>
      sum +
      Math.max(0, Math.min(span.endUs, flight.endUs) - Math.max(span.startUs, flight.startUs)),
    0,
  );
  if (plannedUs === 0 || flightUs <= 0 || frames === 0) return link.lossPct;
  const sentDuringPlanned = Math.min(lost, (frames * plannedUs) / flightUs);
  notes.push(
    message('note-planned-frames-left-out', {
      lossPct: Math.round(link.lossPct * 100) / 100,
      frames: Math.round(sentDuringPlanned),
    }),
  );
  const rest = frames - sentDuringPlanned;
  return rest <= 0 ? 0 : (100 * (lost - sentDuringPlanned)) / rest;
}

export const linkIntegrity: CriterionDefinition<typeof linkIntegrityParamsSchema> = {
  id: 'link-integrity',
  title: 'Telemetry link',
  paramsSchema: linkIntegrityParamsSchema,
  defaultWindow: { kind: 'whole-flight' },
  gatedByCoverage: false,
  evaluate: evaluateLinkIntegrity,
};
