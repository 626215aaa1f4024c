import type { FlightData } from '../flightData.js';
import { armedTimeline } from './armedState.js';
import { normalizeSpans, type Span } from './spans.js';

/** Thresholds of CRITERIA.md: airborne = armed and (altitude > 1 m or ground speed > 3 m/s). */
export const AIRBORNE_MIN_ALT_REL_M = 1;
export const AIRBORNE_MIN_GROUND_SPEED_MPS = 3;

const cache = new WeakMap<FlightData, Span[]>();

/**
 * Spans the vehicle was airborne, judged at each position sample and held until the next one.
 * Memoised per flight because several criteria need it and the flight never changes.
 */
export function airborneSpans(flight: FlightData): Span[] {
  const cached = cache.get(flight);
  if (cached) return cached;
  const spans: Span[] = [];
  const position = flight.series.position;
  if (position) {
    const armed = armedTimeline(flight);
    let armedIndex = -1;
    const n = position.tUs.length;
    for (let i = 0; i < n; i++) {
      const tUs = position.tUs[i] as number;
      while (armedIndex + 1 < armed.length && (armed[armedIndex + 1]?.tUs as number) <= tUs)
        armedIndex++;
      const isArmed = armed[armedIndex]?.armed ?? false;
      if (!isArmed) continue;
      const altRelM = position.altRelM[i] as number;
      const vn = position.vnMps[i] as number;
      const ve = position.veMps[i] as number;
      const groundSpeedMps = Math.sqrt(vn * vn + ve * ve);
      // NaN compares false: an unknown altitude or speed does not make the vehicle airborne.
      if (altRelM > AIRBORNE_MIN_ALT_REL_M || groundSpeedMps > AIRBORNE_MIN_GROUND_SPEED_MPS) {
        const endUs = i + 1 < n ? (position.tUs[i + 1] as number) : tUs;
        if (endUs > tUs) spans.push({ startUs: tUs, endUs });
      }
    }
  }
  const result = normalizeSpans(spans);
  cache.set(flight, result);
  return result;
}
