import { z } from 'zod';
import type { CriterionDefinition, CriterionInput } from '../criterionDefinition.js';
import type { CriterionOutcome } from '../criterionResult.js';
import { message } from '../message.js';
import { metric, outcome, type EvidenceParts } from '../outcome.js';
import { airborneSpans } from '../series/airborne.js';
import { sampleCoverage } from '../series/coverage.js';
import { evidenceAt } from '../series/positionAt.js';
import { indexRange } from '../series/sampleIndex.js';
import { intersectSpans, totalDurationS } from '../series/spans.js';

export const gnssQualityParamsSchema = z.strictObject({
  minGoodSharePct: z.number().min(0).max(100).default(99),
  maxHdop: z.number().positive().default(1.4),
  /** GPS_FIX_TYPE: 3 = 3-D fix. */
  minFixType: z.number().int().min(0).max(8).default(3),
});

export type GnssQualityParams = z.output<typeof gnssQualityParamsSchema>;

/**
 * Share of the airborne time the GPS_RAW_INT samples cover (each vouches for the plan's sample
 * hold, up to the next sample) that had a 3-D fix and low HDOP. Time no sample covers is
 * missing data: it lowers coverage, not the share.
 */
export function evaluateGnssQuality(input: CriterionInput<GnssQualityParams>): CriterionOutcome {
  const { flight, window, params } = input;
  const gps = flight.series.gps;
  const airborne = intersectSpans(window.spans, airborneSpans(flight));
  const airborneS = totalDurationS(airborne);
  const share = (value: number | null) => [
    metric('metric-gnss-good-share', value, params.minGoodSharePct, 'min', '%'),
  ];
  const coverage = {
    fraction: sampleCoverage(gps?.tUs, airborne, input.sampleHoldS),
    channels: ['gps'],
  };
  if (!gps || gps.tUs.length === 0 || airborneS === 0) {
    return outcome('gnss-quality', window, {
      metrics: share(null),
      verdict: 'insufficient-data',
      coverage,
      reason: message(gps ? 'reason-no-airborne-time' : 'reason-no-samples', {
        kind: 'GPS_RAW_INT',
      }),
    });
  }
  const holdUs = input.sampleHoldS * 1e6;
  let goodUs = 0;
  let coveredUs = 0;
  let worstHdop = -Infinity;
  let worstUs = 0;
  let samples = 0;
  const badSpans: NonNullable<EvidenceParts['spans']> = [];
  for (const span of airborne) {
    const [from, to] = indexRange(gps.tUs, span);
    samples += to - from;
    // The sample just before the span vouches for its start.
    for (let i = Math.max(0, from - 1); i < to; i++) {
      const tUs = gps.tUs[i] as number;
      const startUs = Math.max(tUs, span.startUs);
      const endUs = Math.min((gps.tUs[i + 1] ?? Infinity) as number, tUs + holdUs, span.endUs);
      if (endUs <= startUs) continue;
      coveredUs += endUs - startUs;
      const fixType = gps.fixType[i] as number;
      const hdop = gps.hdop[i] as number;
      const good = fixType >= params.minFixType && hdop <= params.maxHdop;
      if (good) goodUs += endUs - startUs;
      else {
        const last = badSpans[badSpans.length - 1];
        if (last && last.endUs >= startUs) last.endUs = endUs;
        else
          badSpans.push({
            startUs,
            endUs,
            label: message('span-gnss-bad', { fixType, hdop: Number.isNaN(hdop) ? '—' : hdop }),
          });
      }
      if (hdop > worstHdop) {
        worstHdop = hdop;
        worstUs = tUs;
      }
    }
  }
  return outcome('gnss-quality', window, {
    metrics: [
      ...share(coveredUs > 0 ? (100 * goodUs) / coveredUs : null),
      metric('metric-worst-hdop', Number.isFinite(worstHdop) ? worstHdop : null, null, 'max', ''),
    ],
    coverage,
    evidence: {
      worst: Number.isFinite(worstHdop) ? evidenceAt(flight, worstUs, worstHdop) : null,
      spans: badSpans.slice(0, 200),
      sampleCount: samples,
    },
  });
}

export const gnssQuality: CriterionDefinition<typeof gnssQualityParamsSchema> = {
  id: 'gnss-quality',
  title: 'GNSS quality',
  paramsSchema: gnssQualityParamsSchema,
  defaultWindow: { kind: 'whole-flight' },
  gatedByCoverage: true,
  evaluate: evaluateGnssQuality,
};
