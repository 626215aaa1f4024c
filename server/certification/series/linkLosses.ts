import type { FlightData } from '../flightData.js';
import { armedSpans } from './armedState.js';
import { indexRange } from './sampleIndex.js';
import { normalizeSpans, spanContains, type Span } from './spans.js';

/**
 * Link outages: heartbeat gaps of at least `minGapS` while armed, and `link-lost` events (which
 * may arrive after the ground's timeout; `data.lastHeardUs` gives the real loss instant).
 * A loss runs from the last frame heard to the next heartbeat or `link-restored`.
 */
export function linkLossSpans(
  flight: FlightData,
  within: readonly Span[],
  minGapS: number,
): Span[] {
  const spans: Span[] = [];
  const armed = armedSpans(flight);
  const heartbeat = flight.series.heartbeat;
  if (heartbeat) {
    for (const span of within) {
      const [from, to] = indexRange(heartbeat.tUs, span);
      for (let i = Math.max(from, 1); i < to; i++) {
        const previousUs = heartbeat.tUs[i - 1] as number;
        const tUs = heartbeat.tUs[i] as number;
        if (tUs - previousUs >= minGapS * 1e6 && spanContains(armed, previousUs)) {
          spans.push({ startUs: previousUs, endUs: tUs });
        }
      }
      // Heartbeats that stop for good before the span ends (the link never came back).
      const lastUs = to > 0 ? (heartbeat.tUs[to - 1] as number) : null;
      if (lastUs !== null && span.endUs - lastUs >= minGapS * 1e6 && spanContains(armed, lastUs)) {
        spans.push({ startUs: lastUs, endUs: span.endUs });
      }
    }
  }
  for (const event of flight.events) {
    if (event.type !== 'link-lost' || !spanContains(within, event.tUs)) continue;
    const lastHeard = event.data.lastHeardUs;
    const startUs = typeof lastHeard === 'number' && lastHeard <= event.tUs ? lastHeard : event.tUs;
    const restored = flight.events.find((e) => e.type === 'link-restored' && e.tUs > event.tUs);
    spans.push({ startUs, endUs: restored?.tUs ?? flight.endUs });
  }
  return normalizeSpans(spans);
}
