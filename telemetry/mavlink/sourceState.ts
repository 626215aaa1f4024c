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
  /** Ground time of the first and the latest frame counted [µs]; their span gives the send rate. */
  firstSeqUs: number | null;
  lastSeqUs: number;
  /** The latest gap counted as lost, and when: a reboot right after it takes it back. */
  lastLoss: { frames: number; tUs: number } | null;
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
    firstSeqUs: null,
    lastSeqUs: 0,
    lastLoss: null,
    lastHeartbeatUs: null,
    maxHeartbeatGapMs: 0,
    lastBootMs: null,
    gpsFix: 'none-yet',
    texts: new StatusTextAssembler(),
  };
}

/** Below this silence a sequence gap is taken at face value (fewer than 256 frames missing). */
const WRAP_CHECK_GAP_US = 1_000_000;
/** The send rate is trusted once measured over this long and this many frames. */
const RATE_MIN_SPAN_US = 2_000_000;
const RATE_MIN_FRAMES = 20;

/**
 * Counts frames missing between two sequence numbers. A repeated number is a duplicate (some
 * routers forward a frame twice), not 255 lost frames. The 8-bit number wraps every 256
 * frames, so after a silence the gap it shows may hide whole wraps: then the source's send rate
 * over the silence says how many, and the count is the one that agrees with both.
 */
export function countSequence(source: SourceState, seq: number, tUs: number): void {
  source.framesReceived++;
  source.firstSeqUs ??= tUs;
  if (source.lastSeq >= 0 && seq !== source.lastSeq) {
    const shownLost = (seq - source.lastSeq - 1) & 0xff;
    const lost = shownLost + 256 * hiddenWraps(source, shownLost, tUs);
    source.framesLost += lost;
    if (lost > 0) source.lastLoss = { frames: lost, tUs };
  }
  source.lastSeq = seq;
  source.lastSeqUs = tUs;
}

function hiddenWraps(source: SourceState, shownLost: number, tUs: number): number {
  const silenceUs = tUs - source.lastSeqUs;
  const spanUs = source.lastSeqUs - (source.firstSeqUs ?? tUs);
  const sent = source.framesReceived - 1 + source.framesLost;
  if (silenceUs < WRAP_CHECK_GAP_US || spanUs < RATE_MIN_SPAN_US || sent < RATE_MIN_FRAMES) {
    return 0;
  }
  const expectedLost = (sent / spanUs) * silenceUs - 1;
  return Math.max(0, Math.round((expectedLost - shownLost) / 256));
}

/**
 * A rebooted autopilot numbers its frames from 0 again: the gap counted when it was heard
 * again is not loss. Taken back when the reboot is noticed within `withinUs` of that gap.
 */
export function forgiveLossBeforeReboot(source: SourceState, tUs: number, withinUs: number): void {
  const loss = source.lastLoss;
  if (loss === null || tUs - loss.tUs > withinUs) return;
  source.framesLost = Math.max(0, source.framesLost - loss.frames);
  source.lastLoss = null;
}
