import { lossPctOf } from '../../telemetry/model/linkStats.js';
import type { AnySample } from '../../telemetry/model/sample.js';
import { distanceM } from './greatCircle.js';

/** Running figures of one flight, updated sample by sample; units in the names. */
export interface FlightSummaryAccumulator {
  distanceM: number;
  maxAltRelM: number | null;
  maxGroundSpeedMps: number | null;
  minLatDeg: number | null;
  minLonDeg: number | null;
  maxLatDeg: number | null;
  maxLonDeg: number | null;
  sampleCounts: Record<string, number>;
  eventCount: number;
  rawFrameCount: number;
  /** Sequence-number counters over the flight, as `LinkStats` defines them. */
  framesReceived: number;
  framesLostBySeq: number;
  framesLostEstimated: number;
  /** Last armed position, for the distance flown. */
  lastLatDeg: number | null;
  lastLonDeg: number | null;
}

export function emptySummary(): FlightSummaryAccumulator {
  return {
    distanceM: 0,
    maxAltRelM: null,
    maxGroundSpeedMps: null,
    minLatDeg: null,
    minLonDeg: null,
    maxLatDeg: null,
    maxLonDeg: null,
    sampleCounts: {},
    eventCount: 0,
    rawFrameCount: 0,
    framesReceived: 0,
    framesLostBySeq: 0,
    framesLostEstimated: 0,
    lastLatDeg: null,
    lastLonDeg: null,
  };
}

/** Below this a position step is GPS jitter, not flight [m]. */
const JITTER_M = 0.05;

function maxOf(current: number | null, value: number | null): number | null {
  if (value === null) return current;
  return current === null || value > current ? value : current;
}

function minOf(current: number | null, value: number | null): number | null {
  if (value === null) return current;
  return current === null || value < current ? value : current;
}

/**
 * Folds one sample in. Distance, altitude and speed count only while armed (a drone carried to
 * the pad has not flown); the bounding box covers the whole flight, pre-flight included.
 */
export function addSampleToSummary(
  summary: FlightSummaryAccumulator,
  sample: AnySample,
  armed: boolean,
): void {
  summary.sampleCounts[sample.kind] = (summary.sampleCounts[sample.kind] ?? 0) + 1;
  if (sample.kind === 'position') {
    const { latDeg, lonDeg, altRelM, vnMps, veMps } = sample.values;
    if (latDeg !== null && lonDeg !== null && !(latDeg === 0 && lonDeg === 0)) {
      summary.minLatDeg = minOf(summary.minLatDeg, latDeg);
      summary.maxLatDeg = maxOf(summary.maxLatDeg, latDeg);
      summary.minLonDeg = minOf(summary.minLonDeg, lonDeg);
      summary.maxLonDeg = maxOf(summary.maxLonDeg, lonDeg);
      if (armed) {
        if (summary.lastLatDeg !== null && summary.lastLonDeg !== null) {
          const stepM = distanceM(summary.lastLatDeg, summary.lastLonDeg, latDeg, lonDeg);
          if (stepM >= JITTER_M) summary.distanceM += stepM;
        }
        summary.lastLatDeg = latDeg;
        summary.lastLonDeg = lonDeg;
      } else {
        summary.lastLatDeg = null;
        summary.lastLonDeg = null;
      }
    }
    if (armed) {
      summary.maxAltRelM = maxOf(summary.maxAltRelM, altRelM);
      if (vnMps !== null && veMps !== null) {
        summary.maxGroundSpeedMps = maxOf(summary.maxGroundSpeedMps, Math.hypot(vnMps, veMps));
      }
    }
  } else if (sample.kind === 'hud' && armed) {
    summary.maxGroundSpeedMps = maxOf(summary.maxGroundSpeedMps, sample.values.groundSpeedMps);
  }
}

/** The summary as the flights collection stores it. */
export function summaryForFlight(
  summary: FlightSummaryAccumulator,
  timing: { armedAtUs: number | null; disarmedAtUs: number | null; lastTUs: number },
) {
  const endUs = timing.disarmedAtUs ?? timing.lastTUs;
  const durationS = timing.armedAtUs === null ? 0 : Math.max(0, endUs - timing.armedAtUs) / 1e6;
  return {
    durationS,
    distanceM: summary.distanceM,
    maxAltRelM: summary.maxAltRelM,
    maxGroundSpeedMps: summary.maxGroundSpeedMps,
    boundingBox:
      summary.minLatDeg === null
        ? null
        : {
            minLatDeg: summary.minLatDeg,
            minLonDeg: summary.minLonDeg,
            maxLatDeg: summary.maxLatDeg,
            maxLonDeg: summary.maxLonDeg,
          },
    sampleCounts: summary.sampleCounts,
    eventCount: summary.eventCount,
    rawFrameCount: summary.rawFrameCount,
    linkLossPct: summary.framesReceived === 0 ? null : lossPctOf(summary),
    // The counts themselves, so the link-integrity criterion can leave out planned outages.
    framesReceived: summary.framesReceived,
    framesLostBySeq: summary.framesLostBySeq,
    framesLostEstimated: summary.framesLostEstimated,
  };
}
