import type { FlightEvent } from '../../telemetry/model/flightEvent.js';
import { SEVERITY } from '../../telemetry/mavlink/flightEvents.js';
import { decodeDataFlash } from '../../telemetry/dataflash/decodeDataFlash.js';
import { EventFlightTracker } from './eventFlightTracker.js';
import { noNotableEvents, noteEvent, type LogInspection } from './inspection.js';

/** Error or worse (MAV_SEVERITY 0 … 3). */
const ERROR_SEVERITY = 3;

/** ERR records that report a fault, and messages of error severity that are not failsafes. */
function isError(event: FlightEvent): boolean {
  if (event.type !== 'text' || event.data.failsafe === true) return false;
  if (event.data.source === 'ERR') return event.severity <= SEVERITY.warning;
  return event.severity <= ERROR_SEVERITY;
}

/**
 * Reads an ArduPilot DataFlash .bin in constant memory and summarises it the way a .tlog is:
 * one vehicle (the log's writer), its flights with their modes, heights and track, and what is
 * wrong in the file, with byte offsets.
 */
export async function inspectDataFlash(path: string): Promise<LogInspection> {
  const tracker = new EventFlightTracker();
  const sampleCounts: Record<string, number> = {};
  const failsafes = noNotableEvents();
  const errors = noNotableEvents();
  const summary = await decodeDataFlash(path, ({ samples, events }) => {
    // Samples and events of one batch interleave in time; events first keeps arming ahead of
    // the positions logged in the same instant.
    let s = 0;
    for (const event of events) {
      while (s < samples.length && (samples[s]?.tUs ?? 0) < event.tUs) {
        const sample = samples[s++];
        if (!sample) break;
        sampleCounts[sample.kind] = (sampleCounts[sample.kind] ?? 0) + 1;
        tracker.addSample(sample);
      }
      tracker.addEvent(event);
      if (event.type === 'failsafe') noteEvent(failsafes, event.tUs, event.message);
      else if (isError(event)) noteEvent(errors, event.tUs, event.message);
    }
    for (; s < samples.length; s++) {
      const sample = samples[s];
      if (!sample) continue;
      sampleCounts[sample.kind] = (sampleCounts[sample.kind] ?? 0) + 1;
      tracker.addSample(sample);
    }
  });
  const flights = tracker.finish();
  const { stats, clock, vehicle } = summary;
  const first = flights[0];
  if (first?.startedBy === 'log-start' && summary.firstUs !== null) {
    // The log's first record, which may come before any sample or event.
    const endUs = first.armUs + first.durationS * 1e6;
    first.armUs = Math.min(first.armUs, summary.firstUs);
    first.durationS = (endUs - first.armUs) / 1e6;
  }

  const notes: string[] = [];
  if (clock.utcMinusBootUs === null) {
    notes.push('the log has no GPS time: times are since boot, counted from 1970-01-01');
  } else {
    notes.push(`times are UTC from the GPS clock, ${clock.leapSeconds ?? 0} leap seconds applied`);
  }
  if (stats.records > 0 && !tracker.armingSeen) {
    notes.push(
      'the log records no arming or disarming: flights are inferred from motion ' +
        '(more than 1 m above home or faster than 3 m/s)',
    );
  }
  if (flights[0]?.startedBy === 'log-start')
    notes.push('the log starts armed: flight 1 begins with it');
  if (vehicle.vehicleClass === null && stats.records > 0) {
    notes.push('the firmware is not named in the log: modes are shown by number');
  }

  return {
    path,
    format: 'dataflash',
    timeSource: clock.utcMinusBootUs === null ? 'boot-time' : 'gps-utc',
    firstUs: summary.firstUs,
    lastUs: summary.lastUs,
    frames: stats.records,
    badCrcFrames: 0,
    junkBytes: stats.skippedBytes,
    unknownMessages: stats.unknownTypeHeaders,
    readErrors: stats.errors,
    recordCounts: summary.recordCounts,
    notes,
    vehicles:
      stats.records === 0
        ? []
        : [
            {
              sysId: vehicle.sysId,
              compId: vehicle.compId,
              mavType: vehicle.mavType,
              autopilot: vehicle.autopilot,
              positionSamples: tracker.positionSamples,
              sampleCounts,
              framesReceived: stats.records,
              framesLost: vehicle.droppedRecords,
              flights,
              failsafes,
              errors,
            },
          ],
    groundStations: [],
  };
}
