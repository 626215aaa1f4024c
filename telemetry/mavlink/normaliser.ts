import { minimal } from 'mavlink-mappings';
import type { FlightEvent } from '../model/flightEvent.js';
import { lossPctOf, type LinkStats } from '../model/linkStats.js';
import type { AnySample, Sample } from '../model/sample.js';
import { isWithinBounds } from '../model/channelBounds.js';
import type { Channel, SampleKind } from '../model/sampleKinds.js';
import { commandAckEvent, flightEvent, SEVERITY } from './flightEvents.js';
import type { MavlinkFrame } from './frame.js';
import { GroundClock } from './groundClock.js';
import * as messageSamples from './messageSamples.js';
import { ATTITUDE_ID, decodeAttitude } from './messages/attitude.js';
import { BATTERY_STATUS_ID, decodeBatteryStatus } from './messages/batteryStatus.js';
import { COMMAND_ACK_ID, decodeCommandAck } from './messages/commandAck.js';
import { decodeExtendedSysState, EXTENDED_SYS_STATE_ID } from './messages/extendedSysState.js';
import { decodeGlobalPositionInt, GLOBAL_POSITION_INT_ID } from './messages/globalPositionInt.js';
import { decodeGpsRawInt, GPS_RAW_INT_ID } from './messages/gpsRawInt.js';
import { decodeHeartbeat, HEARTBEAT_ID, type Heartbeat } from './messages/heartbeat.js';
import { decodeHomePosition, HOME_POSITION_ID } from './messages/homePosition.js';
import { decodeMissionCurrent, MISSION_CURRENT_ID } from './messages/missionCurrent.js';
import {
  decodeNavControllerOutput,
  NAV_CONTROLLER_OUTPUT_ID,
} from './messages/navControllerOutput.js';
import { decodeRadioStatus, RADIO_STATUS_ID } from './messages/radioStatus.js';
import { decodeStatusText, STATUSTEXT_ID } from './messages/statusText.js';
import { decodeSysStatus, SYS_STATUS_ID } from './messages/sysStatus.js';
import { decodeSystemTime, SYSTEM_TIME_ID } from './messages/systemTime.js';
import { decodeVfrHud, VFR_HUD_ID } from './messages/vfrHud.js';
import { decodeVibration, VIBRATION_ID } from './messages/vibration.js';
import { modeName } from './modeNames.js';
import {
  countSequence,
  forgiveLossBeforeReboot,
  newSourceState,
  type SourceState,
} from './sourceState.js';
import type { AssembledText } from './statusTextAssembler.js';

export interface VehicleInfo {
  sysId: number;
  compId: number;
  mavType: number | null;
  autopilot: number | null;
  modeName: string;
  armed: boolean;
  /** Ground time the vehicle was last heard [µs since Unix epoch]. */
  lastHeardUs: number;
}

const { MavType, MavAutopilot, MavState, MavModeFlag } = minimal;
/** The autopilot's usual component id: trusted as a vehicle before its first HEARTBEAT. */
const AUTOPILOT_COMP_ID = 1;
/**
 * A reboot is noticed on the first message with a boot time after it; the sequence gap counted
 * this soon before is the restart of the numbering, not loss.
 */
const REBOOT_LOSS_WINDOW_US = 3_000_000;
/** Boot time going back by more than this is a reboot; less is jitter between message streams. */
const REBOOT_BACKWARD_JUMP_MS = 2000;
const GPS_FIX_3D = 3;
/** Below this a "time since boot or epoch" field [µs] is taken as time since boot (~3 years). */
const BOOT_TIME_LIMIT_US = 1e14;
const FAILSAFE_TEXT = /failsafe/i;
const FAILSAFE_CLEARED_TEXT = /clear|resolved|ended|off\b/i;

/**
 * Turns the frames of one link into samples with units in their names, flight events and link
 * statistics, per vehicle (system id, component id). Time: the ground receive time `tUs` is
 * the master clock; vehicle boot time rides along in `bootMs` and never reorders anything.
 */
export class Normaliser {
  private readonly sources = new Map<number, SourceState>();
  private readonly clock = new GroundClock();
  /**
   * Channel values outside their physical bounds (CHANNEL_BOUNDS), made null, per channel:
   * the sample keeps its other values.
   */
  readonly valuesOutOfBounds: Record<string, number> = {};
  private lastSource: SourceState | null = null;
  private samples: AnySample[] = [];
  private events: FlightEvent[] = [];

  /**
   * One frame received at ground time `tUs`. A corrupt timestamp (see `GroundClock`) is
   * counted and replaced by the link's last trusted time; before any, the frame counts only
   * for the sequence numbers. Returns the ground time used, or null for none.
   */
  ingest(frame: MavlinkFrame, stampedUs: number): number | null {
    const source = this.sourceOf(frame.sysId, frame.compId);
    const tUs = this.clock.check(stampedUs);
    countSequence(source, frame.seq, tUs ?? 0, !this.clock.lastWasBad);
    if (tUs === null) return null;
    source.lastHeardUs = Math.max(source.lastHeardUs, tUs);
    if (frame.msgId === HEARTBEAT_ID) {
      this.onHeartbeat(source, decodeHeartbeat(frame.payload), tUs);
    } else if (isVehicleLike(source)) {
      this.onVehicleMessage(source, frame, tUs);
    }
    return tUs;
  }

  /** Samples since the last call, in ingest order. */
  takeSamples(): AnySample[] {
    const out = this.samples;
    this.samples = [];
    return out;
  }

  /** Events since the last call, in ingest order. */
  takeEvents(): FlightEvent[] {
    const out = this.events;
    this.events = [];
    return out;
  }

  /** End of stream: emits chunked texts whose last chunk never came, marked incomplete. */
  finish(): void {
    for (const source of this.sources.values()) {
      for (const text of source.texts.flush()) this.onText(source, text, source.lastHeardUs);
    }
  }

  linkStats(): LinkStats[] {
    return this.vehicleSources().map((s) => ({
      sysId: s.sysId,
      compId: s.compId,
      lastHeardUs: s.lastHeardUs,
      framesReceived: s.framesReceived,
      framesLostBySeq: s.framesLostBySeq,
      framesLostEstimated: s.framesLostEstimated,
      lossPct: lossPctOf(s),
      badTimestamps: s.badTimestamps,
      maxHeartbeatGapMs: s.maxHeartbeatGapMs,
    }));
  }

  /** Timestamps of this link replaced because they were corrupt, over all sources. */
  get badTimestamps(): number {
    return this.clock.badTimestamps;
  }

  vehicles(): VehicleInfo[] {
    return this.vehicleSources().map((s) => ({
      sysId: s.sysId,
      compId: s.compId,
      mavType: s.mavType,
      autopilot: s.autopilot,
      modeName: s.modeName,
      armed: s.armed,
      lastHeardUs: s.lastHeardUs,
    }));
  }

  private vehicleSources(): SourceState[] {
    return [...this.sources.values()].filter((s) => s.role === 'vehicle');
  }

  private sourceOf(sysId: number, compId: number): SourceState {
    // Most frames come from the same source as the one before: skip the map lookup.
    const last = this.lastSource;
    if (last && last.sysId === sysId && last.compId === compId) return last;
    const key = (sysId << 8) | compId;
    let source = this.sources.get(key);
    if (!source) {
      source = newSourceState(sysId, compId);
      this.sources.set(key, source);
    }
    this.lastSource = source;
    return source;
  }

  private onHeartbeat(source: SourceState, hb: Heartbeat, tUs: number): void {
    if (hb.mavType === MavType.GCS || hb.autopilot === MavAutopilot.INVALID) {
      source.role = 'other';
      return;
    }
    const heardBefore = source.lastHeartbeatUs !== null && source.role === 'vehicle';
    const armed = (hb.baseMode & MavModeFlag.SAFETY_ARMED) !== 0;
    const mode = modeName(hb.autopilot, hb.mavType, hb.baseMode, hb.customMode);
    if (heardBefore) {
      if (armed !== source.armed) {
        this.events.push(
          flightEvent(
            armed ? 'arm' : 'disarm',
            source,
            tUs,
            SEVERITY.notice,
            armed ? 'Armed' : 'Disarmed',
            {
              modeName: mode,
            },
          ),
        );
      }
      if (mode !== source.modeName) {
        this.events.push(
          flightEvent(
            'mode-change',
            source,
            tUs,
            SEVERITY.notice,
            `Mode ${source.modeName} → ${mode}`,
            {
              fromMode: source.modeName,
              toMode: mode,
              customMode: hb.customMode,
            },
          ),
        );
      }
      source.maxHeartbeatGapMs = Math.max(
        source.maxHeartbeatGapMs,
        (tUs - (source.lastHeartbeatUs ?? tUs)) / 1000,
      );
    }
    if (isFailsafeState(hb.systemStatus) && !isFailsafeState(source.systemStatus)) {
      const stateName = (MavState as Record<number, string | undefined>)[hb.systemStatus] ?? '?';
      this.events.push(
        flightEvent('failsafe', source, tUs, SEVERITY.critical, `System state ${stateName}`, {
          source: 'heartbeat',
          systemStatus: hb.systemStatus,
          modeName: mode,
        }),
      );
    }
    source.role = 'vehicle';
    source.mavType = hb.mavType;
    source.autopilot = hb.autopilot;
    source.baseMode = hb.baseMode;
    source.customMode = hb.customMode;
    source.systemStatus = hb.systemStatus;
    source.armed = armed;
    source.modeName = mode;
    source.lastHeartbeatUs = tUs;
    this.push('heartbeat', source, tUs, null, messageSamples.heartbeatValues(hb));
  }

  private onVehicleMessage(source: SourceState, frame: MavlinkFrame, tUs: number): void {
    const p = frame.payload;
    switch (frame.msgId) {
      case GLOBAL_POSITION_INT_ID: {
        const m = decodeGlobalPositionInt(p);
        this.checkBootTime(source, m.timeBootMs, tUs);
        this.push('position', source, tUs, m.timeBootMs, messageSamples.positionValues(m));
        return;
      }
      case ATTITUDE_ID: {
        const m = decodeAttitude(p);
        this.checkBootTime(source, m.timeBootMs, tUs);
        this.push('attitude', source, tUs, m.timeBootMs, messageSamples.attitudeValues(m));
        return;
      }
      case GPS_RAW_INT_ID: {
        const m = decodeGpsRawInt(p);
        this.checkGpsFix(source, m.fixType, tUs);
        this.push('gps', source, tUs, bootMsOf(m.timeUs), messageSamples.gpsValues(m));
        return;
      }
      case VFR_HUD_ID:
        this.push('hud', source, tUs, null, messageSamples.hudValues(decodeVfrHud(p)));
        return;
      case SYS_STATUS_ID:
        this.push('system', source, tUs, null, messageSamples.systemValues(decodeSysStatus(p)));
        return;
      case BATTERY_STATUS_ID:
        this.push(
          'battery',
          source,
          tUs,
          null,
          messageSamples.batteryValues(decodeBatteryStatus(p)),
        );
        return;
      case RADIO_STATUS_ID:
        this.push('radio', source, tUs, null, messageSamples.radioValues(decodeRadioStatus(p)));
        return;
      case VIBRATION_ID: {
        const m = decodeVibration(p);
        this.push('vibration', source, tUs, null, messageSamples.vibrationValues(m));
        return;
      }
      case HOME_POSITION_ID:
        this.push('home', source, tUs, null, messageSamples.homeValues(decodeHomePosition(p)));
        return;
      case EXTENDED_SYS_STATE_ID: {
        const values = messageSamples.extendedStateValues(decodeExtendedSysState(p));
        this.push('extendedState', source, tUs, null, values);
        return;
      }
      case MISSION_CURRENT_ID:
        this.push(
          'mission',
          source,
          tUs,
          null,
          messageSamples.missionValues(decodeMissionCurrent(p)),
        );
        return;
      case NAV_CONTROLLER_OUTPUT_ID: {
        const values = messageSamples.navigationValues(decodeNavControllerOutput(p));
        this.push('navigation', source, tUs, null, values);
        return;
      }
      case SYSTEM_TIME_ID: {
        const m = decodeSystemTime(p);
        this.checkBootTime(source, m.timeBootMs, tUs);
        this.push('systemTime', source, tUs, m.timeBootMs, messageSamples.systemTimeValues(m));
        return;
      }
      case STATUSTEXT_ID:
        for (const text of source.texts.add(decodeStatusText(p))) this.onText(source, text, tUs);
        return;
      case COMMAND_ACK_ID: {
        const m = decodeCommandAck(p);
        this.events.push(commandAckEvent(source, tUs, m.command, m.result));
        return;
      }
      default:
        return;
    }
  }

  private push<K extends SampleKind>(
    kind: K,
    source: SourceState,
    tUs: number,
    bootMs: number | null,
    values: Sample<K>['values'],
  ): void {
    const checked = values as Record<Channel, number | null>;
    for (const channel in checked) {
      const value = checked[channel as Channel];
      if (value !== null && !isWithinBounds(channel as Channel, value)) {
        checked[channel as Channel] = null;
        this.valuesOutOfBounds[channel] = (this.valuesOutOfBounds[channel] ?? 0) + 1;
      }
    }
    const sample: Sample<K> = {
      kind,
      tUs,
      bootMs,
      sysId: source.sysId,
      compId: source.compId,
      values,
    };
    // Sample<K> is one member of the AnySample union; TypeScript cannot see that for a generic K.
    this.samples.push(sample as unknown as AnySample);
  }

  private onText(source: SourceState, text: AssembledText, tUs: number): void {
    const severity = Math.min(Math.max(text.severity, 0), 7);
    const data = { statusTextId: text.id, chunks: text.chunks, complete: text.complete };
    this.events.push(flightEvent('text', source, tUs, severity, text.text, data));
    if (FAILSAFE_TEXT.test(text.text) && !FAILSAFE_CLEARED_TEXT.test(text.text)) {
      this.events.push(
        flightEvent('failsafe', source, tUs, SEVERITY.critical, text.text, {
          source: 'statustext',
        }),
      );
    }
  }

  /** A reboot makes the vehicle clock jump back: an event, never a reordering. */
  private checkBootTime(source: SourceState, bootMs: number, tUs: number): void {
    const last = source.lastBootMs;
    if (last !== null && bootMs + REBOOT_BACKWARD_JUMP_MS < last) {
      forgiveLossBeforeReboot(source, tUs, REBOOT_LOSS_WINDOW_US);
      this.events.push(
        flightEvent('reboot', source, tUs, SEVERITY.warning, 'Vehicle rebooted', {
          previousBootMs: last,
          bootMs,
        }),
      );
    }
    source.lastBootMs = bootMs;
  }

  private checkGpsFix(source: SourceState, fixType: number, tUs: number): void {
    const ok = fixType >= GPS_FIX_3D;
    if (ok && source.gpsFix === 'lost') {
      this.events.push(
        flightEvent('gps-fix-regained', source, tUs, SEVERITY.info, 'GPS 3D fix regained', {
          fixType,
        }),
      );
    } else if (!ok && source.gpsFix === 'ok') {
      this.events.push(
        flightEvent('gps-fix-lost', source, tUs, SEVERITY.warning, 'GPS 3D fix lost', { fixType }),
      );
    }
    if (ok) source.gpsFix = 'ok';
    else if (source.gpsFix === 'ok') source.gpsFix = 'lost';
  }
}

function isVehicleLike(source: SourceState): boolean {
  return (
    source.role === 'vehicle' || (source.role === 'unknown' && source.compId === AUTOPILOT_COMP_ID)
  );
}

function isFailsafeState(systemStatus: number | null): boolean {
  return systemStatus === MavState.CRITICAL || systemStatus === MavState.EMERGENCY;
}

/** Time since boot [ms] from a µs field that may hold boot time or Unix time; null for Unix. */
function bootMsOf(timeUs: number): number | null {
  return timeUs > 0 && timeUs < BOOT_TIME_LIMIT_US ? Math.floor(timeUs / 1000) : null;
}
