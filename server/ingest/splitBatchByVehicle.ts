import type { FlightEvent } from '../../telemetry/model/flightEvent.js';
import type { LinkStats } from '../../telemetry/model/linkStats.js';
import type { AnySample } from '../../telemetry/model/sample.js';
import type { RawRecord } from './rawTlogBySystem.js';

/** What one batch carries for one vehicle (one MAVLink system id). */
export interface VehiclePart {
  sysId: number;
  samples: AnySample[];
  events: FlightEvent[];
  linkStats: LinkStats[];
  /** Its raw records, each the exact bytes (timestamp + frame) of the batch's rawTlog. */
  raw: { tUs: number; bytes: Uint8Array }[];
}

export interface SplitBatch {
  parts: Map<number, VehiclePart>;
  /**
   * Raw frames of systems that are not vehicles (a ground station's heartbeat): not stored.
   */
  unclaimedRawFrames: number;
}

/** MAV_COMP_ID_AUTOPILOT1: a frame from it is a vehicle's, whatever it says. */
const AUTOPILOT_COMPONENT = 1;

/**
 * Groups a batch by system id. A system is a vehicle of this batch when it has samples or
 * events in it, is one the link already knows (`isKnownVehicle`), or sent a frame from its
 * autopilot: a batch may carry only frames of a vehicle that give no sample
 * (ATTITUDE_QUATERNION, LOCAL_POSITION_NED …), and they are part of its .tlog all the same.
 * A vehicle's raw frames go with it, byte-exact.
 */
export function splitBatchByVehicle(
  batch: {
    samples: AnySample[];
    events: FlightEvent[];
    linkStats: LinkStats[];
    rawTlog: Uint8Array;
  },
  rawRecords: RawRecord[],
  isKnownVehicle: (sysId: number) => boolean = () => false,
): SplitBatch {
  const parts = new Map<number, VehiclePart>();
  const partOf = (sysId: number) => {
    let part = parts.get(sysId);
    if (!part) {
      part = { sysId, samples: [], events: [], linkStats: [], raw: [] };
      parts.set(sysId, part);
    }
    return part;
  };
  for (const sample of batch.samples) partOf(sample.sysId).samples.push(sample);
  for (const event of batch.events) partOf(event.sysId).events.push(event);
  for (const stats of batch.linkStats) parts.get(stats.sysId)?.linkStats.push(stats);
  let unclaimedRawFrames = 0;
  for (const record of rawRecords) {
    const part =
      parts.get(record.sysId) ??
      (record.compId === AUTOPILOT_COMPONENT || isKnownVehicle(record.sysId)
        ? partOf(record.sysId)
        : undefined);
    if (part) {
      part.raw.push({ tUs: record.tUs, bytes: batch.rawTlog.subarray(record.start, record.end) });
    } else {
      unclaimedRawFrames++;
    }
  }
  return { parts, unclaimedRawFrames };
}
