import type { Channel } from '../../../../telemetry/model/sampleKinds.js';

export interface PlotSpec {
  /** Drawn together on one plot; they share a unit. */
  channels: Channel[];
  unit: string;
  /** True when the criterion's threshold is a level of this channel (a speed limit on speed). */
  thresholdIsLevel: boolean;
}

/**
 * The channel that shows a reader why a criterion decided as it did. The criterion measures
 * something derived (a deviation, a delay); the plot shows the raw quantity it came from.
 */
const PLOTS: Record<string, PlotSpec> = {
  'hover-accuracy': { channels: ['altRelM'], unit: 'm', thresholdIsLevel: false },
  'altitude-hold': { channels: ['altRelM'], unit: 'm', thresholdIsLevel: false },
  'path-tracking': { channels: ['xtrackErrorM'], unit: 'm', thresholdIsLevel: true },
  'max-speed': { channels: ['groundSpeedMps'], unit: 'm/s', thresholdIsLevel: true },
  'climb-rate': { channels: ['climbMps'], unit: 'm/s', thresholdIsLevel: true },
  'height-ceiling': { channels: ['altRelM'], unit: 'm', thresholdIsLevel: true },
  geofence: { channels: ['altRelM'], unit: 'm', thresholdIsLevel: false },
  'link-loss-rth': { channels: ['altRelM'], unit: 'm', thresholdIsLevel: false },
  'low-battery': { channels: ['remainingPct'], unit: '%', thresholdIsLevel: true },
  endurance: { channels: ['altRelM'], unit: 'm', thresholdIsLevel: false },
  'attitude-stability': { channels: ['rollDeg', 'pitchDeg'], unit: '°', thresholdIsLevel: false },
  vibration: {
    channels: ['vibeXMps2', 'vibeYMps2', 'vibeZMps2'],
    unit: 'm/s²',
    thresholdIsLevel: true,
  },
  'gnss-quality': { channels: ['hdop'], unit: '', thresholdIsLevel: true },
  'link-integrity': { channels: ['rssi'], unit: '', thresholdIsLevel: false },
  'landing-accuracy': { channels: ['altRelM'], unit: 'm', thresholdIsLevel: false },
};

const FALLBACK: PlotSpec = { channels: ['altRelM'], unit: 'm', thresholdIsLevel: false };

export function plotSpecOf(criterionId: string): PlotSpec {
  return PLOTS[criterionId] ?? FALLBACK;
}
