import { encodeFrame } from '../telemetry/mavlink/encodeFrame.js';
import { payloadLengthOf } from '../telemetry/mavlink/messageRegistry.js';
import { encodeTlogRecord } from '../telemetry/tlog/tlogRecord.js';

/**
 * Deterministic .tlog inputs for the decode benchmark: a copter's usual stream (PX4/ArduPilot
 * default rates, see CRITERIA.md) of the messages the normaliser reads, seeded payloads.
 */
const STREAM_PER_SECOND: [msgId: number, perSecond: number][] = [
  [0, 1], // HEARTBEAT
  [30, 15], // ATTITUDE
  [33, 5], // GLOBAL_POSITION_INT
  [24, 5], // GPS_RAW_INT
  [74, 5], // VFR_HUD
  [1, 2], // SYS_STATUS
  [147, 1], // BATTERY_STATUS
  [109, 1], // RADIO_STATUS
  [241, 2], // VIBRATION
  [245, 2], // EXTENDED_SYS_STATE
  [42, 1], // MISSION_CURRENT
  [62, 5], // NAV_CONTROLLER_OUTPUT
  [2, 1], // SYSTEM_TIME
];
/** MAVLink 1 has no extensions: a v1 frame carries only the base fields. */
const V1_PAYLOAD_LENGTH: Record<number, number> = { 147: 36, 241: 32, 42: 2, 24: 30 };

function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function payloadOf(msgId: number, version: 1 | 2, random: () => number): Uint8Array {
  const length =
    version === 1 ? (V1_PAYLOAD_LENGTH[msgId] ?? payloadLengthOf(msgId)) : payloadLengthOf(msgId);
  const payload = new Uint8Array(length);
  if (msgId === 0) {
    // An armed ArduCopter quad in LOITER, so the normaliser treats it as a vehicle.
    payload.set([5, 0, 0, 0, 2, 3, 0x81, 4, 3]);
    return payload;
  }
  for (let i = 0; i < length; i++) payload[i] = Math.floor(random() * 256);
  // Real senders leave most extension fields zero: v2 then trims them off the wire.
  if (version === 2) payload.fill(0, Math.max(1, length - Math.floor(length / 4)));
  return payload;
}

export interface BenchInput {
  name: string;
  bytes: Uint8Array;
  frames: number;
}

export function buildBenchTlog(version: 1 | 2, minBytes: number, seed: number): BenchInput {
  const random = seeded(seed);
  const records: Uint8Array[] = [];
  let size = 0;
  let seq = 0;
  const t0Us = 1_700_000_000_000_000;
  for (let second = 0; size < minBytes; second++) {
    for (const [msgId, perSecond] of STREAM_PER_SECOND) {
      for (let k = 0; k < perSecond; k++) {
        const tUs = t0Us + second * 1_000_000 + Math.floor((k * 1_000_000) / perSecond);
        const payload = payloadOf(msgId, version, random);
        const frame = encodeFrame({
          version,
          sysId: 1,
          compId: 1,
          seq: seq++ & 0xff,
          msgId,
          payload,
        });
        const record = encodeTlogRecord(tUs, frame);
        records.push(record);
        size += record.length;
      }
    }
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const r of records) {
    bytes.set(r, at);
    at += r.length;
  }
  return { name: `v${version}.tlog`, bytes, frames: records.length };
}
