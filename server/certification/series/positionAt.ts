import type { EvidenceSample } from '../criterionResult.js';
import type { FlightData } from '../flightData.js';
import { lastIndexAtOrBefore } from './sampleIndex.js';

/** Index of the last position sample at or before tUs and no older than maxAgeS, or -1. */
export function positionIndexAt(flight: FlightData, tUs: number, maxAgeS: number): number {
  const position = flight.series.position;
  if (!position) return -1;
  const i = lastIndexAtOrBefore(position.tUs, tUs);
  if (i < 0 || tUs - (position.tUs[i] as number) > maxAgeS * 1e6) return -1;
  return i;
}

/** An evidence sample with the vehicle's position at that instant when known. */
export function evidenceAt(flight: FlightData, tUs: number, value: number): EvidenceSample {
  const sample: EvidenceSample = { tUs, value };
  const position = flight.series.position;
  const i = positionIndexAt(flight, tUs, 2);
  if (position && i >= 0) {
    const latDeg = position.latDeg[i] as number;
    const lonDeg = position.lonDeg[i] as number;
    const altRelM = position.altRelM[i] as number;
    if (!Number.isNaN(latDeg) && !Number.isNaN(lonDeg)) {
      sample.latDeg = latDeg;
      sample.lonDeg = lonDeg;
    }
    if (!Number.isNaN(altRelM)) sample.altRelM = altRelM;
  }
  return sample;
}

/** Keeps at most `max` items, evenly spread, so evidence stays report-sized. */
export function decimate<T>(items: readonly T[], max: number): T[] {
  if (items.length <= max) return [...items];
  const step = items.length / max;
  return Array.from({ length: max }, (_, k) => items[Math.floor(k * step)] as T);
}
