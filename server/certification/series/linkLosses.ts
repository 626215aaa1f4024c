import type { FlightData } from '../flightData.js';
import { armedSpans } from './armedState.js';
import { indexRange } from './sampleIndex.js';
import { normalizeSpans, spanContains, type Span } from './spans.js';

/** Where the failsafe timeout that defines a link loss came from. */
export type FailsafeTimeoutSource = 'FS_GCS_TIMEOUT' | 'COM_DL_LOSS_T' | 'plan';

export interface FailsafeTimeout {
  timeoutS: number;
  source: FailsafeTimeoutSource;
}

/**
 * The vehicle's own link-loss failsafe timeout when its parameters were heard (ArduPilot
 * FS_GCS_TIMEOUT, PX4 COM_DL_LOSS_T, both in seconds), else the plan's value.
 */
export function failsafeTimeoutOf(flight: FlightData, planTimeoutS: number): FailsafeTimeout {
  for (const source of ['FS_GCS_TIMEOUT', 'COM_DL_LOSS_T'] as const) {
    const value = flight.vehicleParams[source];
    if (value !== undefined && Number.isFinite(value) && value > 0)
      return { timeoutS: value, source };
  }
  return { timeoutS: planTimeoutS, source: 'plan' };
}

/** One silence of the vehicle's heartbeat as the ground heard it. */
export interface HeartbeatGap extends Span {
  armed: boolean;
}

/**
 * The one link-loss series both link criteria read, so their evidence never disagrees.
 * `gaps`: every silence between heartbeats inside the window (and from the last heartbeat to the
 * window's end, from the window's start to the first one); `losses`: the armed silences longer
 * than the failsafe timeout. Shorter dropouts are link quality, not link loss.
 */
export interface LinkLossSeries {
  timeout: FailsafeTimeout;
  gaps: HeartbeatGap[];
  losses: Span[];
  /** Longest silence inside the window, null without heartbeats. */
  longestGap: HeartbeatGap | null;
}

const cache = new WeakMap<FlightData, Map<string, LinkLossSeries>>();

export function linkLossSeries(
  flight: FlightData,
  within: readonly Span[],
  timeout: FailsafeTimeout,
): LinkLossSeries {
  const key = `${timeout.timeoutS}|${timeout.source}|${within.map((s) => `${s.startUs}-${s.endUs}`).join(',')}`;
  let perFlight = cache.get(flight);
  if (!perFlight) cache.set(flight, (perFlight = new Map()));
  const cached = perFlight.get(key);
  if (cached) return cached;
  const series = computeSeries(flight, within, timeout);
  perFlight.set(key, series);
  return series;
}

function computeSeries(
  flight: FlightData,
  within: readonly Span[],
  timeout: FailsafeTimeout,
): LinkLossSeries {
  const armed = armedSpans(flight);
  const gaps: HeartbeatGap[] = [];
  const heartbeat = flight.series.heartbeat;
  const losses: Span[] = [];
  if (heartbeat && heartbeat.tUs.length > 0) {
    for (const span of within) {
      const [from, to] = indexRange(heartbeat.tUs, span);
      let previousUs =
        from > 0 ? Math.max(span.startUs, heartbeat.tUs[from - 1] as number) : span.startUs;
      for (let i = from; i <= to; i++) {
        const tUs = i < to ? (heartbeat.tUs[i] as number) : span.endUs;
        if (tUs > previousUs) {
          gaps.push({ startUs: previousUs, endUs: tUs, armed: spanContains(armed, previousUs) });
        }
        previousUs = tUs;
      }
    }
    for (const gap of gaps) {
      if (gap.armed && gap.endUs - gap.startUs > timeout.timeoutS * 1e6) losses.push(gap);
    }
  } else {
    // No heartbeats stored (an import without them): the ground's link-lost alerts are all there
    // is. They date the loss from the last frame heard.
    for (const event of flight.events) {
      if (event.type !== 'link-lost' || !spanContains(within, event.tUs)) continue;
      const lastHeard = event.data.lastHeardUs;
      const startUs =
        typeof lastHeard === 'number' && lastHeard <= event.tUs ? lastHeard : event.tUs;
      const restored = flight.events.find((e) => e.type === 'link-restored' && e.tUs > event.tUs);
      const endUs = restored?.tUs ?? flight.endUs;
      if (endUs - startUs > timeout.timeoutS * 1e6 && spanContains(armed, startUs))
        losses.push({ startUs, endUs });
    }
  }
  let longestGap: HeartbeatGap | null = null;
  for (const gap of gaps) {
    if (!longestGap || gap.endUs - gap.startUs > longestGap.endUs - longestGap.startUs)
      longestGap = gap;
  }
  return { timeout, gaps, losses: normalizeSpans(losses), longestGap };
}
