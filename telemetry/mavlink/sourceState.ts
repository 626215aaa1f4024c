import { StatusTextAssembler } from './statusTextAssembler.js';

/**
 * What the normaliser remembers about one MAVLink source (system id, component id).
 * `role` starts unknown and is settled by the source's HEARTBEAT: ground stations and
 * non-autopilot components are never vehicles.
 */
export interface SourceState {
  sysId: number;
  compId: number;
  role: 'unknown' | 'vehicle' | 'other';
  mavType: number | null;
  autopilot: number | null;
  baseMode: number;
  customMode: number;
  systemStatus: number | null;
  armed: boolean;
  modeName: string;
  lastHeardUs: number;
  // Link statistics from sequence numbers.
  lastSeq: number;
  framesReceived: number;
  framesLost: number;
  lastHeartbeatUs: number | null;
  maxHeartbeatGapMs: number;
  // Vehicle clock, for reboot detection.
  lastBootMs: number | null;
  /** 3-D fix state; 'none-yet' until the first 3-D fix, so acquiring it is not a "regain". */
  gpsFix: 'none-yet' | 'ok' | 'lost';
  texts: StatusTextAssembler;
}

export function newSourceState(sysId: number, compId: number): SourceState {
  return {
    sysId,
    compId,
    role: 'unknown',
    mavType: null,
    autopilot: null,
    baseMode: 0,
    customMode: 0,
    systemStatus: null,
    armed: false,
    modeName: 'UNKNOWN',
    lastHeardUs: 0,
    lastSeq: -1,
    framesReceived: 0,
    framesLost: 0,
    lastHeartbeatUs: null,
    maxHeartbeatGapMs: 0,
    lastBootMs: null,
    gpsFix: 'none-yet',
    texts: new StatusTextAssembler(),
  };
}

/**
 * Counts frames missing between two sequence numbers. A repeated number is a duplicate (some
 * routers forward a frame twice), not 255 lost frames.
 */
export function countSequence(source: SourceState, seq: number): void {
  source.framesReceived++;
  if (source.lastSeq >= 0 && seq !== source.lastSeq) {
    source.framesLost += (seq - source.lastSeq - 1) & 0xff;
  }
  source.lastSeq = seq;
}
