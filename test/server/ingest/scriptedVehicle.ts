import { common, minimal } from 'node-mavlink';
import { FrameEncoder } from '../../../ground-link/simulator/frameEncoder.js';
import { BatchBuilder } from '../../../ground-link/uplink/batchBuilder.js';
import type { IngestBatch } from '../../../telemetry/contract/ingest.js';
import { FrameScanner } from '../../../telemetry/mavlink/frameScanner.js';

const PX4 = minimal.MavAutopilot.PX4;
const QUADROTOR = minimal.MavType.QUADROTOR;
const ARMED_FLAG = 0x80;
const CUSTOM_MODE_ENABLED = 0x01;

export interface VehicleInstant {
  armed: boolean;
  latDeg: number;
  lonDeg: number;
  altRelM: number;
}

/**
 * A vehicle whose arm state and position a test dictates, speaking real MAVLink 2 (a heartbeat
 * and a GLOBAL_POSITION_INT per step), turned into batches by the ground-link's own builder.
 */
export class ScriptedVehicle {
  private seq = 0;
  private readonly encoder: FrameEncoder;

  constructor(readonly sysId: number) {
    this.encoder = new FrameEncoder(sysId, 1);
  }

  /** The frames of one instant, as the ground receives them. */
  frames(tUs: number, at: VehicleInstant): { tUs: number; bytes: Uint8Array }[] {
    const heartbeat = new minimal.Heartbeat();
    heartbeat.type = QUADROTOR;
    heartbeat.autopilot = PX4;
    heartbeat.baseMode = CUSTOM_MODE_ENABLED | (at.armed ? ARMED_FLAG : 0);
    heartbeat.customMode = 3 << 16;
    heartbeat.systemStatus = at.armed ? minimal.MavState.ACTIVE : minimal.MavState.STANDBY;
    heartbeat.mavlinkVersion = 3;
    const position = new common.GlobalPositionInt();
    position.timeBootMs = Math.floor(tUs / 1000) % 2 ** 31;
    position.lat = Math.round(at.latDeg * 1e7);
    position.lon = Math.round(at.lonDeg * 1e7);
    position.alt = Math.round((50 + at.altRelM) * 1000);
    position.relativeAlt = Math.round(at.altRelM * 1000);
    position.vx = 100;
    position.vy = 0;
    position.vz = 0;
    position.hdg = 9000;
    return [
      { tUs, bytes: this.encoder.encode(heartbeat, this.seq++ & 0xff) },
      { tUs: tUs + 1, bytes: this.encoder.encode(position, this.seq++ & 0xff) },
    ];
  }

  /** An ATTITUDE_QUATERNION frame: one of the vehicle's that Sortie stores raw but draws no sample from. */
  attitudeQuaternionFrame(tUs: number): { tUs: number; bytes: Uint8Array } {
    const attitude = new common.AttitudeQuaternion();
    attitude.timeBootMs = Math.floor(tUs / 1000) % 2 ** 31;
    attitude.q1 = 1;
    return { tUs, bytes: this.encoder.encode(attitude, this.seq++ & 0xff) };
  }
}

/** Turns received frames into ingest batches exactly as a ground-link does. */
export class ScriptedLink {
  private readonly builder: BatchBuilder;
  private readonly scanner = new FrameScanner();
  private nextSeq = 0;

  constructor(readonly linkId: string) {
    this.builder = new BatchBuilder(linkId);
  }

  batch(frames: { tUs: number; bytes: Uint8Array }[]): IngestBatch {
    for (const { tUs, bytes } of frames) {
      this.scanner.push(bytes, (frame) => this.builder.add({ frame, tUs, sourceName: 'test' }));
    }
    return this.builder.take(this.nextSeq++, frames.at(-1)?.tUs ?? 0, { ...this.scanner.stats });
  }
}

/** One step per `stepUs` from `fromUs` (inclusive) to `toUs` (exclusive) for each vehicle. */
export function framesOver(
  vehicles: ScriptedVehicle[],
  fromUs: number,
  toUs: number,
  stepUs: number,
  at: (tUs: number, vehicle: ScriptedVehicle) => VehicleInstant,
): { tUs: number; bytes: Uint8Array }[] {
  const frames: { tUs: number; bytes: Uint8Array }[] = [];
  for (let tUs = fromUs; tUs < toUs; tUs += stepUs) {
    for (const vehicle of vehicles) frames.push(...vehicle.frames(tUs, at(tUs, vehicle)));
  }
  return frames;
}
