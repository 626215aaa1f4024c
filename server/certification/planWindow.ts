import { z } from 'zod';
import type { ResultWindow } from './criterionResult.js';
import type { FlightData } from './flightData.js';
import { message, type Message } from './message.js';
import { renderMessage } from './messageCatalog.js';
import { airborneSpans } from './series/airborne.js';
import { MODE_SET_NAMES, flightModesOfSet, modeSpans } from './series/modeSets.js';
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
  const described = (descriptionMessage: Message, spans: Span[]): ResultWindow => ({
    description: renderMessage(descriptionMessage, 'en'),
    descriptionMessage,
    spans,
  });
  switch (window.kind) {
    case 'whole-flight':
      return described(message('window-whole-flight'), whole);
    case 'airborne':
      return described(message('window-airborne'), airborneSpans(flight));
    case 'mode': {
      const modes = window.modes ?? flightModesOfSet(flight, window.modeSet ?? 'position-hold');
      return described(
        window.modeSet
          ? message('window-mode-set', { modeSet: window.modeSet })
          : message('window-modes', { modes: modes.join(', ') }),
        modeSpans(flight, modes),
      );
    }
    case 'time-range': {
      const span = {
        startUs: flight.startUs + window.startS * 1e6,
        endUs: flight.startUs + window.endS * 1e6,
      };
      return described(
        message('window-time-range', { startS: window.startS, endS: window.endS }),
        intersectSpans([span], whole),
      );
    }
    case 'mission-leg':
      return described(
        message('window-mission-legs', { fromSeq: window.fromSeq, toSeq: window.toSeq }),
        intersectSpans(missionLegSpans(flight, window.fromSeq, window.toSeq), whole),
      );
    case 'hold-segments':
      return described(
        message('window-hold-segments', { minDurationS: window.minDurationS }),
        holdSegments(flight, window.minDurationS),
      );
  }
}

/** Position-hold spans at least `minDurationS` long. */
export function holdSegments(flight: FlightData, minDurationS: number): Span[] {
  return modeSpans(flight, flightModesOfSet(flight, 'position-hold')).filter(
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
