import { z } from 'zod';
import type { CriterionDefinition, CriterionInput } from '../criterionDefinition.js';
import type { CriterionOutcome, EvidenceSpan } from '../criterionResult.js';
import { metric, outcome } from '../outcome.js';
import { airborneSpans } from '../series/airborne.js';
import { evidenceAt } from '../series/positionAt.js';
import { indexRange } from '../series/sampleIndex.js';
import { intersectSpans, totalDurationS } from '../series/spans.js';

export const gnssQualityParamsSchema = z.strictObject({
  minGoodSharePct: z.number().min(0).max(100).default(99),
  maxHdop: z.number().positive().default(1.4),
  /** GPS_FIX_TYPE: 3 = 3-D fix. */
  minFixType: z.number().int().min(0).max(8).default(3),
  /** A GPS sample vouches for at most this long; silence beyond it counts as no fix [s]. */
  maxSampleHoldS: z.number().positive().default(1),
});

export type GnssQualityParams = z.output<typeof gnssQualityParamsSchema>;

/** Share of airborne time (within the window) covered by a GPS sample with a 3-D fix and low HDOP. */
export function evaluateGnssQuality(input: CriterionInput<GnssQualityParams>): CriterionOutcome {
  const { flight, window, params } = input;
  const gps = flight.series.gps;
  const airborne = intersectSpans(window.spans, airborneSpans(flight));
  const airborneS = totalDurationS(airborne);
  const share = (value: number | null) => [
    metric('airborne time with 3-D fix and low HDOP', value, params.minGoodSharePct, 'min', '%'),
  ];
  if (!gps || gps.tUs.length === 0 || airborneS === 0) {
    return outcome('gnss-quality', window, {
      metrics: share(null),
      verdict: 'insufficient-data',
      reason: gps ? 'no airborne time in the window' : 'no GPS_RAW_INT samples',
    });
  }
  const holdUs = params.maxSampleHoldS * 1e6;
  let goodUs = 0;
  let worstHdop = -Infinity;
  let worstUs = 0;
  const badSpans: EvidenceSpan[] = [];
  for (const span of airborne) {
    const [from, to] = indexRange(gps.tUs, span);
    // The sample just before the span vouches for its start.
    for (let i = Math.max(0, from - 1); i < to; i++) {
      const tUs = gps.tUs[i] as number;
      const startUs = Math.max(tUs, span.startUs);
      const endUs = Math.min((gps.tUs[i + 1] ?? Infinity) as number, tUs + holdUs, span.endUs);
      if (endUs <= startUs) continue;
      const fixType = gps.fixType[i] as number;
      const hdop = gps.hdop[i] as number;
      const good = fixType >= params.minFixType && hdop <= params.maxHdop;
      if (good) goodUs += endUs - startUs;
      else {
        const last = badSpans[badSpans.length - 1];
        if (last && last.endUs >= startUs) last.endUs = endUs;
        else badSpans.push({ startUs, endUs, label: `fix ${fixType}, HDOP ${hdop}` });
      }
      if (hdop > worstHdop) {
        worstHdop = hdop;
        worstUs = tUs;
      }
    }
  }
  return outcome('gnss-quality', window, {
    metrics: [
      ...share((100 * goodUs) / 1e6 / airborneS),
      metric('worst HDOP', Number.isFinite(worstHdop) ? worstHdop : null, null, 'max', ''),
    ],
    evidence: {
      worst: Number.isFinite(worstHdop) ? evidenceAt(flight, worstUs, worstHdop) : null,
      spans: badSpans.slice(0, 200),
    },
  });
}

export const gnssQuality: CriterionDefinition<typeof gnssQualityParamsSchema> = {
  id: 'gnss-quality',
  title: 'GNSS quality',
  paramsSchema: gnssQualityParamsSchema,
  defaultWindow: { kind: 'whole-flight' },
  evaluate: evaluateGnssQuality,
};
