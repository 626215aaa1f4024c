import type { FlightData } from '../flightData.js';
import type { Span } from './spans.js';

/** A step function of armed state over time: each entry holds until the next. */
export interface ArmedChange {
  tUs: number;
  armed: boolean;
}

/** Armed state from heartbeats when present (they are periodic), else from arm/disarm events. */
export function armedTimeline(flight: FlightData): ArmedChange[] {
  const timeline: ArmedChange[] = [];
  const push = (tUs: number, armed: boolean) => {
    if (timeline[timeline.length - 1]?.armed !== armed) timeline.push({ tUs, armed });
  };
  const heartbeat = flight.series.heartbeat;
  if (heartbeat && heartbeat.tUs.length > 0) {
    for (let i = 0; i < heartbeat.tUs.length; i++) {
      const armed = heartbeat.armed[i] as number;
      if (!Number.isNaN(armed)) push(heartbeat.tUs[i] as number, armed > 0);
    }
    if (timeline.length > 0) return timeline;
  }
  for (const event of flight.events) {
    if (event.type === 'arm') push(event.tUs, true);
    else if (event.type === 'disarm') push(event.tUs, false);
  }
  return timeline;
}

export function armedSpans(flight: FlightData): Span[] {
  const timeline = armedTimeline(flight);
  const spans: Span[] = [];
  timeline.forEach((change, i) => {
    if (!change.armed) return;
    spans.push({ startUs: change.tUs, endUs: timeline[i + 1]?.tUs ?? flight.endUs });
  });
  return spans;
}

/** Instants the vehicle disarmed (armed → disarmed), in order. */
export function disarmTimes(flight: FlightData): number[] {
  const timeline = armedTimeline(flight);
  return timeline.filter((change, i) => !change.armed && i > 0).map((change) => change.tUs);
}

export function isArmedAt(timeline: readonly ArmedChange[], tUs: number): boolean {
  let armed = false;
  for (const change of timeline) {
    if (change.tUs > tUs) break;
    armed = change.armed;
  }
  return armed;
}
