import { z } from 'zod';
import type { ResultWindow } from './criterionResult.js';
import type { FlightData } from './flightData.js';
import { airborneSpans } from './series/airborne.js';
import { MODE_SET_NAMES, modeSpans, modesOfSet } from './series/modeSets.js';
import { intersectSpans, normalizeSpans, spanDurationS, type Span } from './series/spans.js';

/** The part of a flight a test plan item applies to. */
export const planWindowSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('whole-flight') }),
  z.strictObject({ kind: z.literal('airborne') }),
  z
    .strictObject({
      kind: z.literal('mode'),
      /** Exact mode names, as the normaliser writes them. */
      modes: z.array(z.string().min(1)).min(1).optional(),
      /** A set that covers both autopilots: 'position-hold', 'rtl', 'land', 'mission' … */
      modeSet: z.enum(MODE_SET_NAMES).optional(),
    })
    .refine((window) => (window.modes === undefined) !== (window.modeSet === undefined), {
      message: 'give either modes or modeSet',
    }),
  z
    .strictObject({
      kind: z.literal('time-range'),
      /** Seconds from the start of the flight. */
      startS: z.number().finite().nonnegative(),
      endS: z.number().finite().positive(),
    })
    .refine((window) => window.endS > window.startS, {
      message: 'endS must be after startS',
      path: ['endS'],
    }),
  z
    .strictObject({
      kind: z.literal('mission-leg'),
      /** Legs from waypoint fromSeq to waypoint toSeq (flown while MISSION_CURRENT is in (from, to]). */
      fromSeq: z.number().int().nonnegative(),
      toSeq: z.number().int().positive(),
    })
    .refine((window) => window.toSeq > window.fromSeq, {
      message: 'toSeq must be after fromSeq',
      path: ['toSeq'],
    }),
  z.strictObject({
    kind: z.literal('hold-segments'),
    /** Only position-hold spans at least this long count as hover holds [s]. */
    minDurationS: z.number().finite().positive().default(30),
  }),
]);

export type PlanWindow = z.output<typeof planWindowSchema>;

export function resolveWindow(flight: FlightData, window: PlanWindow): ResultWindow {
  const whole: Span[] =
    flight.endUs > flight.startUs ? [{ startUs: flight.startUs, endUs: flight.endUs }] : [];
  switch (window.kind) {
    case 'whole-flight':
      return { description: 'whole flight', spans: whole };
    case 'airborne':
      return { description: 'airborne', spans: airborneSpans(flight) };
    case 'mode': {
      const modes = window.modes ?? modesOfSet(window.modeSet ?? 'position-hold');
      const description = window.modeSet ? `${window.modeSet} modes` : `modes ${modes.join(', ')}`;
      return { description, spans: modeSpans(flight, modes) };
    }
    case 'time-range': {
      const span = {
        startUs: flight.startUs + window.startS * 1e6,
        endUs: flight.startUs + window.endS * 1e6,
      };
      return {
        description: `${window.startS}–${window.endS} s after start`,
        spans: intersectSpans([span], whole),
      };
    }
    case 'mission-leg':
      return {
        description: `mission legs ${window.fromSeq}→${window.toSeq}`,
        spans: intersectSpans(missionLegSpans(flight, window.fromSeq, window.toSeq), whole),
      };
    case 'hold-segments':
      return {
        description: `position-hold segments ≥ ${window.minDurationS} s`,
        spans: holdSegments(flight, window.minDurationS),
      };
  }
}

/** Position-hold spans at least `minDurationS` long. */
export function holdSegments(flight: FlightData, minDurationS: number): Span[] {
  return modeSpans(flight, modesOfSet('position-hold')).filter(
    (span) => spanDurationS(span) >= minDurationS,
  );
}

/** Spans when MISSION_CURRENT pointed at a waypoint in (fromSeq, toSeq]. */
function missionLegSpans(flight: FlightData, fromSeq: number, toSeq: number): Span[] {
  const mission = flight.series.mission;
  if (!mission) return [];
  const spans: Span[] = [];
  const n = mission.tUs.length;
  for (let i = 0; i < n; i++) {
    const seq = mission.missionSeq[i] as number;
    if (seq > fromSeq && seq <= toSeq) {
      spans.push({
        startUs: mission.tUs[i] as number,
        endUs: (mission.tUs[i + 1] ?? flight.endUs) as number,
      });
    }
  }
  return normalizeSpans(spans);
}
