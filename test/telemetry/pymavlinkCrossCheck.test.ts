import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeTlog, type DecodedTlog } from '../../telemetry/mavlink/decodeTlog.js';
import type { AnySample } from '../../telemetry/model/sample.js';

/**
 * pymavlink (the reference implementation) writes a .tlog of known messages; we decode the
 * same values. The test needs pymavlink: it fails, never skips, when it is missing.
 */
const SCRIPT = join(import.meta.dirname, '../../scripts/pymavlink/encode_known_messages.py');

interface Expected {
  tUs: number;
  type: string;
  sysId: number;
  compId: number;
  signed: boolean;
  fields: PyFields;
}

/** The pymavlink fields this test reads (pymavlink's snake_case names). */
type PyFieldName =
  | 'airspeed'
  | 'alt'
  | 'alt_error'
  | 'altitude'
  | 'aspd_error'
  | 'autopilot'
  | 'base_mode'
  | 'battery_remaining'
  | 'climb'
  | 'clipping_0'
  | 'clipping_1'
  | 'clipping_2'
  | 'cog'
  | 'current_battery'
  | 'current_consumed'
  | 'custom_mode'
  | 'drop_rate_comm'
  | 'eph'
  | 'epv'
  | 'fix_type'
  | 'fixed'
  | 'groundspeed'
  | 'hdg'
  | 'heading'
  | 'id'
  | 'landed_state'
  | 'lat'
  | 'latitude'
  | 'load'
  | 'lon'
  | 'longitude'
  | 'mission_state'
  | 'nav_bearing'
  | 'nav_pitch'
  | 'nav_roll'
  | 'noise'
  | 'pitch'
  | 'pitchspeed'
  | 'relative_alt'
  | 'remnoise'
  | 'remrssi'
  | 'roll'
  | 'rollspeed'
  | 'rssi'
  | 'rxerrors'
  | 'satellites_visible'
  | 'seq'
  | 'system_status'
  | 'target_bearing'
  | 'throttle'
  | 'time_unix_usec'
  | 'total'
  | 'txbuf'
  | 'type'
  | 'vel'
  | 'vibration_x'
  | 'vibration_y'
  | 'vibration_z'
  | 'voltage_battery'
  | 'vtol_state'
  | 'vx'
  | 'vy'
  | 'vz'
  | 'wp_dist'
  | 'xtrack_error'
  | 'yaw'
  | 'yawspeed';
type PyFields = { readonly [K in PyFieldName]: number } & { readonly voltages: number[] };

let dir = '';
let fixture: Promise<{ expected: Expected[]; decoded: DecodedTlog }> | undefined;

/**
 * Runs the Python script once, on first use, so that a missing pymavlink makes every test fail
 * with the fix in its message (a throwing beforeAll would only mark them skipped).
 */
function pymavlinkFixture() {
  fixture ??= (async () => {
    const probe = spawnSync('python3', ['-c', 'import pymavlink'], { encoding: 'utf8' });
    if (probe.status !== 0) {
      throw new Error(
        `pymavlink is not importable by python3 (${probe.error?.message ?? probe.stderr.trim()}): ` +
          'run `pip install -r test/requirements.txt`',
      );
    }
    dir = await mkdtemp(join(tmpdir(), 'sortie-pymavlink-'));
    const tlog = join(dir, 'known.tlog');
    const run = spawnSync('python3', [SCRIPT, tlog], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`${SCRIPT} failed: ${run.stderr}`);
    return { expected: JSON.parse(run.stdout) as Expected[], decoded: await decodeTlog(tlog) };
  })();
  return fixture;
}
afterAll(() => (dir ? rm(dir, { recursive: true, force: true }) : undefined));

function sampleAt(
  decoded: DecodedTlog,
  kind: AnySample['kind'],
  item: Expected,
): Record<string, number | null> {
  const sample = decoded.samples.find(
    (s) => s.kind === kind && s.tUs === item.tUs && s.sysId === item.sysId,
  );
  if (!sample) throw new Error(`no ${kind} sample at ${item.tUs} for ${item.type}`);
  return sample.values as Record<string, number | null>;
}

const deg = (rad: number) => (rad * 180) / Math.PI;

/** What each message must become, written from the MAVLink spec's units. */
const conversions: Record<string, [AnySample['kind'], (f: Expected['fields']) => object]> = {
  GLOBAL_POSITION_INT: [
    'position',
    (f) => ({
      latDeg: f.lat / 1e7,
      lonDeg: f.lon / 1e7,
      altMslM: f.alt / 1000,
      altRelM: f.relative_alt / 1000,
      vnMps: f.vx / 100,
      veMps: f.vy / 100,
      vdMps: f.vz / 100,
      headingDeg: f.hdg / 100,
    }),
  ],
  GPS_RAW_INT: [
    'gps',
    (f) => ({
      gpsLatDeg: f.lat / 1e7,
      gpsLonDeg: f.lon / 1e7,
      gpsAltMslM: f.alt / 1000,
      fixType: f.fix_type,
      satellites: f.satellites_visible,
      hdop: f.eph / 100,
      vdop: f.epv / 100,
      gpsSpeedMps: f.vel / 100,
      gpsCourseDeg: f.cog / 100,
    }),
  ],
  ATTITUDE: [
    'attitude',
    (f) => ({
      rollDeg: deg(f.roll),
      pitchDeg: deg(f.pitch),
      yawDeg: deg(f.yaw),
      rollRateDps: deg(f.rollspeed),
      pitchRateDps: deg(f.pitchspeed),
      yawRateDps: deg(f.yawspeed),
    }),
  ],
  VFR_HUD: [
    'hud',
    (f) => ({
      airspeedMps: f.airspeed,
      groundSpeedMps: f.groundspeed,
      hudHeadingDeg: f.heading,
      throttlePct: f.throttle,
      hudAltMslM: f.alt,
      climbMps: f.climb,
    }),
  ],
  SYS_STATUS: [
    'system',
    (f) => ({
      voltageV: f.voltage_battery / 1000,
      currentA: f.current_battery / 100,
      remainingPct: f.battery_remaining,
      loadPct: f.load / 10,
      dropRateCommPct: f.drop_rate_comm / 100,
    }),
  ],
  BATTERY_STATUS: [
    'battery',
    (f) => ({
      batteryId: f.id,
      batteryVoltageV: f.voltages.filter((v) => v !== 0xffff).reduce((a, b) => a + b, 0) / 1000,
      batteryCurrentA: f.current_battery / 100,
      batteryRemainingPct: f.battery_remaining,
      consumedMah: f.current_consumed,
    }),
  ],
  RADIO_STATUS: [
    'radio',
    (f) => ({
      rssi: f.rssi,
      remRssi: f.remrssi,
      noise: f.noise,
      remNoise: f.remnoise,
      txBufPct: f.txbuf,
      rxErrors: f.rxerrors,
      fixedErrors: f.fixed,
    }),
  ],
  VIBRATION: [
    'vibration',
    (f) => ({
      vibeXMps2: f.vibration_x,
      vibeYMps2: f.vibration_y,
      vibeZMps2: f.vibration_z,
      clipping0: f.clipping_0,
      clipping1: f.clipping_1,
      clipping2: f.clipping_2,
    }),
  ],
  HOME_POSITION: [
    'home',
    (f) => ({
      homeLatDeg: f.latitude / 1e7,
      homeLonDeg: f.longitude / 1e7,
      homeAltMslM: f.altitude / 1000,
    }),
  ],
  EXTENDED_SYS_STATE: [
    'extendedState',
    (f) => ({ vtolState: f.vtol_state, landedState: f.landed_state }),
  ],
  MISSION_CURRENT: [
    'mission',
    (f) => ({ missionSeq: f.seq, missionTotal: f.total, missionState: f.mission_state }),
  ],
  NAV_CONTROLLER_OUTPUT: [
    'navigation',
    (f) => ({
      navRollDeg: f.nav_roll,
      navPitchDeg: f.nav_pitch,
      navBearingDeg: f.nav_bearing,
      targetBearingDeg: f.target_bearing,
      wpDistM: f.wp_dist,
      altErrorM: f.alt_error,
      airspeedErrorMps: f.aspd_error,
      xtrackErrorM: f.xtrack_error,
    }),
  ],
  SYSTEM_TIME: ['systemTime', (f) => ({ timeUnixUs: f.time_unix_usec })],
  HEARTBEAT: [
    'heartbeat',
    (f) => ({
      armed: f.base_mode & 128 ? 1 : 0,
      baseMode: f.base_mode,
      customMode: f.custom_mode,
      systemStatus: f.system_status,
      mavType: f.type,
      autopilot: f.autopilot,
    }),
  ],
};

describe('decoding a .tlog written by pymavlink', () => {
  it('reads every record, v1, v2 and signed, without junk or bad CRCs', async () => {
    const { expected, decoded } = await pymavlinkFixture();
    expect(decoded.stats).toEqual({
      frames: expected.length,
      badCrcFrames: 0,
      junkBytes: 0,
      unknownMessages: 0,
    });
    expect(expected.some((e) => e.signed)).toBe(true);
  });

  it('decodes the same values pymavlink encoded, in the units of the channel names', async () => {
    const { expected, decoded } = await pymavlinkFixture();
    let compared = 0;
    for (const item of expected) {
      const conversion = conversions[item.type];
      if (!conversion || item.sysId === 255) continue;
      const [kind, expectedValues] = conversion;
      const values = sampleAt(decoded, kind, item);
      for (const [channel, value] of Object.entries(expectedValues(item.fields))) {
        expect(values[channel], `${item.type}.${channel}`).toBeCloseTo(value as number, 9);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(100);
  });

  it('keeps the ground station out of the vehicles and names the modes of both vehicles', async () => {
    const { decoded } = await pymavlinkFixture();
    expect(decoded.vehicles.map((v) => [v.sysId, v.compId, v.modeName, v.armed])).toEqual([
      [1, 1, 'RTL', true],
      [2, 1, 'RTL', true],
    ]);
    const modeChanges = decoded.events.filter((e) => e.type === 'mode-change');
    expect(modeChanges.map((e) => [e.sysId, e.message])).toEqual([
      [1, 'Mode STABILIZE → LOITER'],
      [1, 'Mode LOITER → RTL'],
      [2, 'Mode AUTO → RTL'],
    ]);
    expect(decoded.events.filter((e) => e.type === 'arm').map((e) => e.sysId)).toEqual([1]);
  });

  it('joins the chunked STATUSTEXT and reports the COMMAND_ACK', async () => {
    const { decoded } = await pymavlinkFixture();
    const texts = decoded.events.filter((e) => e.type === 'text');
    expect(texts.map((e) => [e.message, e.severity])).toEqual([
      ['Single chunk text', 6],
      ['A'.repeat(50) + 'tail of a long text', 4],
    ]);
    const ack = decoded.events.find((e) => e.type === 'command-ack');
    expect(ack?.message).toBe('Command COMPONENT_ARM_DISARM (400): ACCEPTED');
  });
});
