import { describe, expect, it } from 'vitest';
import { common, minimal } from 'mavlink-mappings';
import type { MavLinkData } from 'node-mavlink';
import { FrameScanner } from '../../telemetry/mavlink/frameScanner.js';
import type { MavlinkFrame } from '../../telemetry/mavlink/frame.js';
import { decodeAttitude } from '../../telemetry/mavlink/messages/attitude.js';
import { decodeBatteryStatus } from '../../telemetry/mavlink/messages/batteryStatus.js';
import { decodeCommandAck } from '../../telemetry/mavlink/messages/commandAck.js';
import { decodeExtendedSysState } from '../../telemetry/mavlink/messages/extendedSysState.js';
import { decodeGlobalPositionInt } from '../../telemetry/mavlink/messages/globalPositionInt.js';
import { decodeGpsRawInt } from '../../telemetry/mavlink/messages/gpsRawInt.js';
import { decodeHeartbeat } from '../../telemetry/mavlink/messages/heartbeat.js';
import { decodeHomePosition } from '../../telemetry/mavlink/messages/homePosition.js';
import { decodeMissionCurrent } from '../../telemetry/mavlink/messages/missionCurrent.js';
import { decodeNavControllerOutput } from '../../telemetry/mavlink/messages/navControllerOutput.js';
import { decodeRadioStatus } from '../../telemetry/mavlink/messages/radioStatus.js';
import { decodeStatusText } from '../../telemetry/mavlink/messages/statusText.js';
import { decodeSysStatus } from '../../telemetry/mavlink/messages/sysStatus.js';
import { decodeSystemTime } from '../../telemetry/mavlink/messages/systemTime.js';
import { decodeVfrHud } from '../../telemetry/mavlink/messages/vfrHud.js';
import { decodeVibration } from '../../telemetry/mavlink/messages/vibration.js';
import { v2Frame } from './helpers/nodeMavlinkFrames.js';
import { seededRandom } from './helpers/seededRandom.js';

/**
 * Our hand-written offsets against node-mavlink's serializer, which lays fields out from
 * mavlink-mappings' field metadata: every field gets a random value of its type, the message
 * goes through node-mavlink, and our decoder must read back exactly what was put in.
 */
type Field = { name: string; type: string; length: number };
type MessageClass = { new (): MavLinkData; FIELDS: Field[] };

function randomValueOf(random: () => number, type: string): number | bigint {
  const base = type.replace('[]', '');
  const bits = Number(/(\d+)/.exec(base)?.[1] ?? 8);
  if (base === 'float') return Math.fround((random() - 0.5) * 1000);
  if (base === 'double') return (random() - 0.5) * 1000;
  if (base === 'char') return 0;
  const span = 2 ** bits;
  const unsigned = Math.floor(random() * Math.min(span, 2 ** 52));
  if (bits === 64) return base.startsWith('u') ? BigInt(unsigned) : BigInt(unsigned) - 2n ** 51n;
  return base.startsWith('u') ? unsigned : unsigned - span / 2;
}

function randomMessage(clazz: MessageClass, random: () => number): MavLinkData {
  const message = new clazz() as unknown as Record<string, unknown>;
  for (const field of clazz.FIELDS) {
    if (field.type === 'char[]') message[field.name] = 'hello from the range';
    else if (field.length > 0) {
      message[field.name] = Array.from({ length: field.length }, () =>
        randomValueOf(random, field.type),
      );
    } else message[field.name] = randomValueOf(random, field.type);
  }
  return message as unknown as MavLinkData;
}

function frameOf(message: MavLinkData): MavlinkFrame {
  const frames: MavlinkFrame[] = [];
  new FrameScanner().push(v2Frame(message), (f) => frames.push(f));
  const [frame] = frames;
  if (!frame) throw new Error('node-mavlink frame not found');
  return frame;
}

type AnyRecord = Record<string, unknown>;
const seed = 2024;

const cases: [string, MessageClass, (p: Uint8Array) => object, (m: AnyRecord) => object][] = [
  [
    'HEARTBEAT',
    minimal.Heartbeat as unknown as MessageClass,
    decodeHeartbeat,
    (m) => ({
      customMode: m.customMode,
      mavType: m.type,
      autopilot: m.autopilot,
      baseMode: m.baseMode,
      systemStatus: m.systemStatus,
    }),
  ],
  [
    'GLOBAL_POSITION_INT',
    common.GlobalPositionInt as unknown as MessageClass,
    decodeGlobalPositionInt,
    (m) => ({
      timeBootMs: m.timeBootMs,
      latE7: m.lat,
      lonE7: m.lon,
      altMslMm: m.alt,
      altRelMm: m.relativeAlt,
      vxCmps: m.vx,
      vyCmps: m.vy,
      vzCmps: m.vz,
      headingCdeg: m.hdg,
    }),
  ],
  [
    'GPS_RAW_INT',
    common.GpsRawInt as unknown as MessageClass,
    decodeGpsRawInt,
    (m) => ({
      timeUs: Number(m.timeUsec),
      latE7: m.lat,
      lonE7: m.lon,
      altMslMm: m.alt,
      eph: m.eph,
      epv: m.epv,
      velCmps: m.vel,
      cogCdeg: m.cog,
      fixType: m.fixType,
      satellitesVisible: m.satellitesVisible,
    }),
  ],
  [
    'ATTITUDE',
    common.Attitude as unknown as MessageClass,
    decodeAttitude,
    (m) => ({
      timeBootMs: m.timeBootMs,
      rollRad: m.roll,
      pitchRad: m.pitch,
      yawRad: m.yaw,
      rollRateRadps: m.rollspeed,
      pitchRateRadps: m.pitchspeed,
      yawRateRadps: m.yawspeed,
    }),
  ],
  [
    'VFR_HUD',
    common.VfrHud as unknown as MessageClass,
    decodeVfrHud,
    (m) => ({
      airspeedMps: m.airspeed,
      groundSpeedMps: m.groundspeed,
      altMslM: m.alt,
      climbMps: m.climb,
      headingDeg: m.heading,
      throttlePct: m.throttle,
    }),
  ],
  [
    'SYS_STATUS',
    common.SysStatus as unknown as MessageClass,
    decodeSysStatus,
    (m) => ({
      loadDpct: m.load,
      voltageMv: m.voltageBattery,
      currentCa: m.currentBattery,
      dropRateCommCpct: m.dropRateComm,
      remainingPct: m.batteryRemaining,
    }),
  ],
  [
    'BATTERY_STATUS',
    common.BatteryStatus as unknown as MessageClass,
    decodeBatteryStatus,
    (m) => ({
      id: m.id,
      consumedMah: m.currentConsumed,
      currentCa: m.currentBattery,
      remainingPct: m.batteryRemaining,
      cellsMv: m.voltages,
      extCellsMv: m.voltagesExt,
    }),
  ],
  [
    'RADIO_STATUS',
    common.RadioStatus as unknown as MessageClass,
    decodeRadioStatus,
    (m) => ({
      rxErrors: m.rxerrors,
      fixedErrors: m.fixed,
      rssi: m.rssi,
      remRssi: m.remrssi,
      txBufPct: m.txbuf,
      noise: m.noise,
      remNoise: m.remnoise,
    }),
  ],
  [
    'VIBRATION',
    common.Vibration as unknown as MessageClass,
    decodeVibration,
    (m) => ({
      vibeXMps2: m.vibrationX,
      vibeYMps2: m.vibrationY,
      vibeZMps2: m.vibrationZ,
      clipping0: m.clipping0,
      clipping1: m.clipping1,
      clipping2: m.clipping2,
    }),
  ],
  [
    'HOME_POSITION',
    common.HomePosition as unknown as MessageClass,
    decodeHomePosition,
    (m) => ({ latE7: m.latitude, lonE7: m.longitude, altMslMm: m.altitude }),
  ],
  [
    'EXTENDED_SYS_STATE',
    common.ExtendedSysState as unknown as MessageClass,
    decodeExtendedSysState,
    (m) => ({ vtolState: m.vtolState, landedState: m.landedState }),
  ],
  [
    'MISSION_CURRENT',
    common.MissionCurrent as unknown as MessageClass,
    decodeMissionCurrent,
    (m) => ({ seq: m.seq, total: m.total, missionState: m.missionState }),
  ],
  [
    'NAV_CONTROLLER_OUTPUT',
    common.NavControllerOutput as unknown as MessageClass,
    decodeNavControllerOutput,
    (m) => ({
      navRollDeg: m.navRoll,
      navPitchDeg: m.navPitch,
      altErrorM: m.altError,
      airspeedErrorMps: m.aspdError,
      xtrackErrorM: m.xtrackError,
      navBearingDeg: m.navBearing,
      targetBearingDeg: m.targetBearing,
      wpDistM: m.wpDist,
    }),
  ],
  [
    'COMMAND_ACK',
    common.CommandAck as unknown as MessageClass,
    decodeCommandAck,
    (m) => ({ command: m.command, result: m.result }),
  ],
  [
    'SYSTEM_TIME',
    common.SystemTime as unknown as MessageClass,
    decodeSystemTime,
    (m) => ({ timeUnixUs: Number(m.timeUnixUsec), timeBootMs: m.timeBootMs }),
  ],
];

describe('message decoders', () => {
  it.each(cases)('read %s at the offsets node-mavlink writes', (_name, clazz, decode, expected) => {
    console.log(`seed ${seed}`);
    const random = seededRandom(seed);
    for (let round = 0; round < 50; round++) {
      const message = randomMessage(clazz, random);
      expect(decode(frameOf(message).payload)).toEqual(expected(message as unknown as AnyRecord));
    }
  });

  it('reads STATUSTEXT text, severity, id and chunk sequence', () => {
    const message = new common.StatusText();
    message.severity = 4;
    message.text = 'PreArm: Throttle below failsafe';
    message.id = 513;
    message.chunkSeq = 2;
    expect(decodeStatusText(frameOf(message).payload)).toEqual({
      severity: 4,
      text: 'PreArm: Throttle below failsafe',
      endsInField: true,
      id: 513,
      chunkSeq: 2,
    });
  });
});
