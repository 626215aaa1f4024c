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
  /** Frames missing from the sequence numbers as they show (each gap below one wrap). */
  framesLostBySeq: number;
  /** Whole wraps of 256 frames that silences hid, estimated from the long-run send rate. */
  framesLostEstimated: number;
  /** Frames whose ground timestamp was corrupt or far backward: kept out of every timing. */
  badTimestamps: number;
  /** Ground time of the first and the latest frame with a trusted timestamp [µs]. */
  firstSeqUs: number | null;
  lastSeqUs: number;
  /** The latest gap counted as lost, and when: a reboot right after it takes it back. */
  lastLoss: { bySeq: number; estimated: number; tUs: number } | null;
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
    framesLostBySeq: 0,
    framesLostEstimated: 0,
    badTimestamps: 0,
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

/** The send rate is trusted once measured over this long and this many frames. */
const RATE_MIN_SPAN_US = 10_000_000;
const RATE_MIN_FRAMES = 256;
/** A silence longer than this is estimated as this long: the vehicle may have been off. */
const MAX_ESTIMATED_SILENCE_US = 60_000_000;

/**
 * Counts frames missing between two sequence numbers, per (system, component). A repeated
 * number is a duplicate (some routers forward a frame twice), not 255 lost frames. The loss the
 * numbers show is `framesLostBySeq`, what any MAVLink reader counts.
 *
 * The 8-bit number wraps every 256 frames, so a silence may hide whole wraps. Only when the
 * source's long-run send rate over the silence comes to a whole wrap or more does the silence
 * add the wraps that bring the count closest to that rate, into `framesLostEstimated`, never
 * more than `MAX_ESTIMATED_SILENCE_US` of sending. A silence of the ground clock alone is not
 * loss: recorders stamp frames in bursts, and the numbers then show no gap.
 *
 * `trustedTime` false (a corrupt or far-backward timestamp, see `GroundClock`): the frame
 * counts for its number, but its time measures neither a silence nor the rate.
 */
export function countSequence(
  source: SourceState,
  seq: number,
  tUs: number,
  trustedTime: boolean,
): void {
  source.framesReceived++;
  if (!trustedTime) source.badTimestamps++;
  if (source.lastSeq >= 0 && seq !== source.lastSeq) {
    const bySeq = (seq - source.lastSeq - 1) & 0xff;
    const estimated = trustedTime ? 256 * hiddenWraps(source, bySeq, tUs) : 0;
    source.framesLostBySeq += bySeq;
    source.framesLostEstimated += estimated;
    if (bySeq + estimated > 0) source.lastLoss = { bySeq, estimated, tUs };
  }
  source.lastSeq = seq;
  if (!trustedTime) return;
  source.firstSeqUs ??= tUs;
  if (tUs > source.lastSeqUs) source.lastSeqUs = tUs;
}

function hiddenWraps(source: SourceState, bySeq: number, tUs: number): number {
  if (source.firstSeqUs === null) return 0;
  const silenceUs = Math.min(tUs - source.lastSeqUs, MAX_ESTIMATED_SILENCE_US);
  const spanUs = source.lastSeqUs - source.firstSeqUs;
  const sent = source.framesReceived - 1 + source.framesLostBySeq + source.framesLostEstimated;
  if (silenceUs <= 0 || spanUs < RATE_MIN_SPAN_US || sent < RATE_MIN_FRAMES) return 0;
  const expectedLost = (sent / spanUs) * silenceUs - 1;
  if (expectedLost < 256) return 0;
  return Math.max(0, Math.round((expectedLost - bySeq) / 256));
}

/**
 * A rebooted autopilot numbers its frames from 0 again: the gap counted when it was heard
 * again is not loss. Taken back when the reboot is noticed within `withinUs` of that gap.
 */
export function forgiveLossBeforeReboot(source: SourceState, tUs: number, withinUs: number): void {
  const loss = source.lastLoss;
  if (loss === null || tUs - loss.tUs > withinUs) return;
  source.framesLostBySeq = Math.max(0, source.framesLostBySeq - loss.bySeq);
  source.framesLostEstimated = Math.max(0, source.framesLostEstimated - loss.estimated);
  source.lastLoss = null;
}
