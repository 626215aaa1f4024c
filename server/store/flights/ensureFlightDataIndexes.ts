import type { Db } from '../driver.js';
import { ensureEventIndexes } from './flightEventStore.js';
import { ensureRawTlogIndexes } from './rawTlogStore.js';
import { ensureTelemetryIndexes } from './telemetryBuckets.js';

/** Indexes of the telemetry, events and raw frames collections (run at start-up). */
export async function ensureFlightDataIndexes(db: Db): Promise<void> {
  await ensureTelemetryIndexes(db);
  await ensureEventIndexes(db);
  await ensureRawTlogIndexes(db);
}
