import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FlightEvent } from '../../../telemetry/model/flightEvent.js';
import type { AnySample } from '../../../telemetry/model/sample.js';
import { UlogNormaliser } from '../../../telemetry/ulog/ulogNormaliser.js';
import {
  memorySource,
  readUlog,
  readUlogFile,
  type UlogReadResult,
} from '../../../telemetry/ulog/ulogReader.js';
import { pyulogSummary, type PyulogSummary } from './pyulog.js';
import { FORMATS, MSG_ID, px4Writer, UlogWriter } from './ulogWriter.js';

const FIXTURE = join(
  import.meta.dirname,
  '../../../fixtures/real-logs/px4-fmuv4pro-appended-data-bench.ulg',
);
const dir = mkdtempSync(join(tmpdir(), 'sortie-ulog-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function topicCounts(result: UlogReadResult): PyulogSummary['topics'] {
  const out: PyulogSummary['topics'] = {};
  for (const sub of result.subscriptions) {
    if (sub.count === 0) continue;
    out[`${sub.topic}/${sub.multiId}`] = {
      count: sub.count,
      first: sub.firstTimestampUs,
      last: sub.lastTimestampUs,
    };
  }
  return out;
}

interface Read {
  result: UlogReadResult;
  samples: AnySample[];
  events: FlightEvent[];
  logged: [number, number, string][];
  status: [number, number, number][];
}

/** Reads with Sortie, collecting what the cross-checks compare. */
async function sortieRead(bytesOrPath: Uint8Array | string, utcOffsetUs = 0): Promise<Read> {
  const normaliser = new UlogNormaliser({ utcOffsetUs });
  const logged: Read['logged'] = [];
  const status: Read['status'] = [];
  const visitor = {
    parameter: normaliser.parameter.bind(normaliser),
    subscribe: normaliser.subscribe.bind(normaliser),
    data: (...args: Parameters<UlogNormaliser['data']>) => {
      const [sub, view, start, , t] = args;
      if (sub.topic === 'vehicle_status' && sub.multiId === 0) {
        const arming = sub.layout.fields.get('arming_state')!;
        const nav = sub.layout.fields.get('nav_state')!;
        status.push([t, view.getUint8(start + arming.offset), view.getUint8(start + nav.offset)]);
      }
      normaliser.data(...args);
    },
    log: (level: number, tag: number | null, t: number, text: string) => {
      logged.push([level, t, text]);
      normaliser.log(level, tag, t, text);
    },
  };
  const result =
    typeof bytesOrPath === 'string'
      ? await readUlogFile(bytesOrPath, visitor)
      : await readUlog(memorySource(bytesOrPath), visitor);
  return {
    result,
    samples: normaliser.takeSamples(),
    events: normaliser.takeEvents(),
    logged,
    status,
  };
}

function save(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

describe('ULog reader against pyulog', () => {
  it('reads the appended-data bench log as pyulog does: every topic instance, times, messages, status', async () => {
    // Expected values: pyulog 1.3.0 on the same file, at test time.
    const expected = pyulogSummary(FIXTURE);
    const read = await sortieRead(FIXTURE);
    expect(read.result.problems).toEqual([]);
    expect(read.result.dataAppended).toBe(expected.hasDataAppended);
    expect(read.result.appendedOffsets.length).toBeGreaterThan(0);
    expect(topicCounts(read.result)).toEqual(expected.topics);
    expect(read.logged).toEqual(expected.logged);
    expect(read.status).toEqual(expected.status);
  });

  it('never arms the bench vehicle, so no arm event and every heartbeat disarmed', async () => {
    const read = await sortieRead(FIXTURE);
    expect(read.events.filter((e) => e.type === 'arm' || e.type === 'disarm')).toEqual([]);
    const heartbeats = read.samples.filter((s) => s.kind === 'heartbeat');
    expect(heartbeats.length).toBe(pyulogSummary(FIXTURE).status.length);
    expect(heartbeats.every((s) => s.values.armed === 0)).toBe(true);
  });
});

const T0 = 1_000_000;
const UTC_AT_BOOT_US = 1_750_000_000_000_000;

/** A short flight with known content: disarmed → armed POSCTL → MISSION → RTL → disarmed. */
function flightLog(options: { dataFormat?: 1 | 2; appendedOffsets?: number[] } = {}): UlogWriter {
  const w = px4Writer(T0, options);
  const s = (t: number) => T0 + t * 1e6;
  w.data(MSG_ID.vehicle_status, { timestamp: s(0.1), arming_state: 1, nav_state: 0 });
  // No fix yet: a receiver position of zeros and an estimator position at 0,0.
  w.data(MSG_ID.vehicle_gps_position, { timestamp: s(0.2), fix_type: 0, lat: 0, lon: 0 });
  w.data(MSG_ID.vehicle_global_position, { timestamp: s(0.3), lat: 0, lon: 0, alt: 0 });
  // Home 500 m AMSL; the local origin sits 5 m above it (the vehicle's z is +5).
  w.data(MSG_ID.home_position, {
    timestamp: s(0.5),
    lat: 47,
    lon: 8,
    alt: 500,
    z: 5,
    valid_alt: 1,
    valid_hpos: 1,
  });
  w.data(MSG_ID.vehicle_gps_position, {
    timestamp: s(1),
    time_utc_usec: UTC_AT_BOOT_US + s(1),
    fix_type: 3,
    satellites_used: 12,
    lat: 470000000,
    lon: 80000000,
    alt: 500000,
  });
  w.data(MSG_ID.vehicle_status, { timestamp: s(2), arming_state: 2, nav_state: 2 });
  w.log(6, s(2), '[commander] Armed by RC');
  for (let i = 0; i <= 10; i++) {
    const t = s(2 + i * 0.5);
    const heightM = i <= 6 ? i * 4 : 24 - (i - 6) * 6;
    w.data(MSG_ID.vehicle_global_position, {
      timestamp: t,
      lat: 47 + i * 1e-4,
      lon: 8,
      alt: 500 + heightM,
    });
    w.data(MSG_ID.vehicle_attitude, { timestamp: t, q: [1, 0, 0, 0] });
  }
  w.data(MSG_ID.vehicle_attitude, { timestamp: 0, q: [Math.SQRT1_2, 0, 0, Math.SQRT1_2] });
  w.data(MSG_ID.battery_status, {
    timestamp: s(3),
    voltage_v: 16.2,
    current_a: 12,
    remaining: 0.8,
    connected: 1,
  });
  w.data(MSG_ID.battery_status_1, {
    timestamp: s(3),
    voltage_v: 16.0,
    current_a: 11,
    remaining: 0.7,
    connected: 1,
  });
  w.data(MSG_ID.vehicle_status, { timestamp: s(4), arming_state: 2, nav_state: 3 });
  w.sync();
  w.log(4, s(6), '[failsafe] Failsafe activated');
  w.data(MSG_ID.vehicle_status, { timestamp: s(6), arming_state: 2, nav_state: 5, failsafe: 1 });
  w.data(MSG_ID.vehicle_status, { timestamp: s(8), arming_state: 1, nav_state: 5 });
  return w;
}

describe('ULog logs of known content', () => {
  it('reads ver_data_format 1 and 2 alike, and as pyulog counts them', async () => {
    for (const dataFormat of [1, 2] as const) {
      const path = save(`flight-v${dataFormat}.ulg`, flightLog({ dataFormat }).bytes());
      const expected = pyulogSummary(path);
      const read = await sortieRead(path);
      expect(read.result.problems).toEqual([]);
      expect(read.result.infos.get('ver_data_format')).toBe(dataFormat);
      expect(topicCounts(read.result)).toEqual(expected.topics);
      expect(read.logged).toEqual(expected.logged);
      expect(read.status).toEqual(expected.status);
    }
  });

  it('arms and disarms from vehicle_status and names the modes from nav_state', async () => {
    const read = await sortieRead(flightLog().bytes());
    const changes = read.events
      .filter((e) => e.type === 'arm' || e.type === 'disarm' || e.type === 'mode-change')
      .map((e) => [e.type, (e.tUs - T0) / 1e6, e.message]);
    expect(changes).toEqual([
      ['arm', 2, 'Armed'],
      ['mode-change', 2, 'Mode MANUAL → POSCTL'],
      ['mode-change', 4, 'Mode POSCTL → MISSION'],
      ['mode-change', 6, 'Mode MISSION → RTL'],
      ['disarm', 8, 'Disarmed'],
    ]);
    expect(read.events.every((e) => e.sysId === 7)).toBe(true);
  });

  it('reports failsafes from vehicle_status and from the logged message', async () => {
    const read = await sortieRead(flightLog().bytes());
    const failsafes = read.events.filter((e) => e.type === 'failsafe').map((e) => e.data.source);
    expect(failsafes.sort()).toEqual(['logged message', 'vehicle_status']);
    const text = read.events.find((e) => e.message === '[failsafe] Failsafe activated')!;
    expect(text.severity).toBe(4);
  });

  it('gives no position before the fix, never 0,0, and no receiver coordinates without a fix', async () => {
    const read = await sortieRead(flightLog().bytes());
    const positions = read.samples.filter((s) => s.kind === 'position');
    expect(positions.length).toBe(11);
    expect(positions.some((s) => s.values.latDeg === 0 || s.values.lonDeg === 0)).toBe(false);
    const gps = read.samples.filter((s) => s.kind === 'gps');
    expect(gps.map((s) => [s.values.fixType, s.values.gpsLatDeg])).toEqual([
      [0, null],
      [3, 47],
    ]);
  });

  it('measures height above home from AMSL heights, though the local origin sits above the vehicle', async () => {
    const read = await sortieRead(flightLog().bytes());
    const heights = read.samples.flatMap((s) => (s.kind === 'position' ? [s.values.altRelM] : []));
    expect(Math.max(...(heights as number[]))).toBeCloseTo(24, 3);
    expect(heights[0]).toBeCloseTo(0, 3);
  });

  it('splits multi-instance batteries by instance and gives a timestamp 0 the last good time', async () => {
    const read = await sortieRead(flightLog().bytes());
    const batteries = read.samples.filter((s) => s.kind === 'battery');
    expect(
      batteries.map((s) => [s.values.batteryId, Math.round(s.values.batteryRemainingPct!)]),
    ).toEqual([
      [0, 80],
      [1, 70],
    ]);
    const attitudes = read.samples.filter((s) => s.kind === 'attitude');
    const last = attitudes[attitudes.length - 1]!;
    expect(last.tUs).toBe(T0 + 7e6);
    expect(last.values.yawDeg).toBeCloseTo(90, 3);
  });

  it('keeps a status stamped before the header at its own time: arming just before logging', async () => {
    // PX4 starts the log at arming, so the arming status may predate the header's timestamp.
    const w = px4Writer(T0);
    w.data(MSG_ID.vehicle_status, { timestamp: T0 - 4000, arming_state: 2, nav_state: 0 });
    w.data(MSG_ID.vehicle_status, { timestamp: T0 + 5e6, arming_state: 1, nav_state: 0 });
    const path = save('armed-before-header.ulg', w.bytes());
    const read = await sortieRead(path, UTC_AT_BOOT_US);
    expect(read.status).toEqual(pyulogSummary(path).status);
    const arming = read.events.filter((e) => e.type === 'arm' || e.type === 'disarm');
    expect(arming.map((e) => [e.type, e.tUs - UTC_AT_BOOT_US, e.data.atLogStart ?? false])).toEqual(
      [
        ['arm', T0 - 4000, true],
        ['disarm', T0 + 5e6, false],
      ],
    );
  });

  it('raises a failsafe on a failsafe_flags flag set while armed, not on one already set at the start', async () => {
    const w = new UlogWriter(T0);
    w.format(FORMATS.vehicle_status);
    w.format(
      'failsafe_flags:uint64_t timestamp;bool gcs_connection_lost;bool manual_control_signal_lost;uint8_t battery_warning',
    );
    w.format(
      'vehicle_imu_status:uint64_t timestamp;float accel_vibration_metric;float gyro_vibration_metric;float gyro_coning_vibration;uint32_t[3] accel_clipping',
    );
    w.addLogged(0, 0, 'vehicle_status')
      .addLogged(0, 1, 'failsafe_flags')
      .addLogged(0, 2, 'vehicle_imu_status');
    w.data(0, { timestamp: T0 + 1, arming_state: 2, nav_state: 2 });
    // No ground station for the whole log: set from the first message, never a failsafe.
    w.data(1, {
      timestamp: T0 + 2,
      gcs_connection_lost: 1,
      manual_control_signal_lost: 0,
      battery_warning: 0,
    });
    w.data(1, {
      timestamp: T0 + 3,
      gcs_connection_lost: 1,
      manual_control_signal_lost: 1,
      battery_warning: 0,
    });
    w.data(1, {
      timestamp: T0 + 4,
      gcs_connection_lost: 1,
      manual_control_signal_lost: 1,
      battery_warning: 2,
    });
    w.data(2, {
      timestamp: T0 + 5,
      accel_vibration_metric: 4.5,
      gyro_vibration_metric: 0.2,
      gyro_coning_vibration: 0.01,
      accel_clipping: [3, 0, 1],
    });
    const read = await sortieRead(w.bytes());
    const failsafes = read.events.filter((e) => e.type === 'failsafe');
    expect(failsafes.map((e) => [e.tUs, e.data.flag])).toEqual([
      [T0 + 3, 'manual_control_signal_lost'],
      [T0 + 4, 'battery_warning'],
    ]);
    // As PX4 sends it in MAVLink VIBRATION: z is the accel metric, clipping per accel axis.
    const vibration = read.samples.find((s) => s.kind === 'vibration')!;
    expect(vibration.values.vibeZMps2).toBeCloseTo(4.5, 5);
    expect([
      vibration.values.clipping0,
      vibration.values.clipping1,
      vibration.values.clipping2,
    ]).toEqual([3, 0, 1]);
  });

  it('keeps PX4 events by id at their external log level, and leaves out protocol-level ones', async () => {
    const w = new UlogWriter(T0);
    w.format(
      'event:uint64_t timestamp;uint32_t id;uint16_t event_sequence;uint8_t[25] arguments;uint8_t log_levels',
    );
    w.addLogged(0, 0, 'event');
    // log_levels: internal level in the high nibble, external (what people see) in the low one.
    w.data(0, { timestamp: T0 + 1, id: 123456, event_sequence: 1, log_levels: 0x64 });
    w.data(0, { timestamp: T0 + 2, id: 777, event_sequence: 2, log_levels: 0x08 });
    const read = await sortieRead(w.bytes());
    expect(read.events.map((e) => [e.type, e.severity, e.message, e.data.eventId])).toEqual([
      ['text', 4, 'PX4 event 123456', 123456],
    ]);
  });

  it('uses the local frame with its resets when the log has no global position', async () => {
    const w = new UlogWriter(T0);
    w.format(FORMATS.vehicle_local_position).format(FORMATS.home_position);
    w.addLogged(0, 0, 'vehicle_local_position').addLogged(0, 1, 'home_position');
    // Origin 5 m above home; the vehicle climbs 10 m; a reset shifts z by +3 m at counter 1.
    w.data(1, { timestamp: T0 + 1, alt: 500, z: 5, valid_alt: 1, valid_hpos: 0 });
    w.data(0, { timestamp: T0 + 2, z: 5, z_valid: 1, z_reset_counter: 0 });
    w.data(0, { timestamp: T0 + 3, z: -5, z_valid: 1, z_reset_counter: 0 });
    w.data(0, { timestamp: T0 + 4, z: -2, z_valid: 1, z_reset_counter: 1, delta_z: 3 });
    const read = await sortieRead(w.bytes());
    const heights = read.samples.flatMap((s) => (s.kind === 'position' ? [s.values.altRelM] : []));
    expect(heights).toEqual([0, 10, 10]);
    expect(read.samples.every((s) => s.kind !== 'position' || s.values.latDeg === null)).toBe(true);
  });
});

describe('ULog input that is damaged or no ULog at all', () => {
  it('reads data appended after a cut-off message as pyulog does', async () => {
    // A data message cut short by the append (PX4 appends after a crash), then appended data.
    const straddler = Uint8Array.of(40, 0, 0x44, MSG_ID.vehicle_attitude, 0, 1, 2, 3);
    const flagBitsBytes = 3 + 40;
    const offset = flightLog().bytes().length + flagBitsBytes + straddler.length;
    const final = flightLog({ appendedOffsets: [offset] });
    final.raw(straddler);
    // Appended data subscribes again (pyulog forgets subscriptions at an appended offset).
    final.addLogged(1, 42, 'vehicle_status');
    final.data(42, { timestamp: T0 + 9e6, arming_state: 2, nav_state: 4 });
    const path = save('appended.ulg', final.bytes());
    const expected = pyulogSummary(path);
    const read = await sortieRead(path);
    expect(read.result.appendedSkippedBytes).toBe(straddler.length);
    expect(topicCounts(read.result)).toEqual(expected.topics);
    expect(read.status).toEqual(expected.status);
  });

  it('skips garbage in the middle, names its offset and length, and reads on as pyulog does', async () => {
    const w = flightLog();
    const garbageAt = w.offset;
    w.raw(new Uint8Array(37)); // zeros: no message header
    w.sync();
    w.data(MSG_ID.vehicle_status, { timestamp: T0 + 9e6, arming_state: 2, nav_state: 4 });
    const path = save('garbage.ulg', w.bytes());
    const expected = pyulogSummary(path);
    const read = await sortieRead(path);
    expect(read.result.problems).toHaveLength(1);
    expect(read.result.problems[0]).toMatchObject({ offset: garbageAt, skippedBytes: 37 });
    expect(read.result.problems[0]!.message).toContain(`offset ${garbageAt}`);
    expect(topicCounts(read.result)).toEqual(expected.topics);
    expect(read.status).toEqual(expected.status);
  });

  it('reads a log cut off inside a message up to the cut and says where', async () => {
    const full = flightLog().bytes();
    const bytes = full.subarray(0, full.length - 4);
    const path = save('truncated.ulg', bytes);
    const expected = pyulogSummary(path);
    const read = await sortieRead(path);
    expect(read.result.truncated).toBe(true);
    expect(read.result.problems).toHaveLength(1);
    expect(read.result.problems[0]!.offset).toBeLessThan(bytes.length);
    expect(read.result.problems[0]!.message).toContain('ends inside a message');
    expect(topicCounts(read.result)).toEqual(expected.topics);
  });

  it('says an empty file is empty, and a PNG is no ULog, without throwing', async () => {
    const empty = await sortieRead(save('empty.ulg', new Uint8Array(0)));
    expect(empty.result.isUlog).toBe(false);
    expect(empty.result.problems[0]!.message).toBe('not a ULog file: the file is empty');
    const png = Uint8Array.of(
      0x89,
      0x50,
      0x4e,
      0x47,
      0x0d,
      0x0a,
      0x1a,
      0x0a,
      0,
      0,
      0,
      13,
      0x49,
      0x48,
      0x44,
      0x52,
    );
    const read = await sortieRead(save('picture.ulg', png));
    expect(read.result.isUlog).toBe(false);
    expect(read.result.problems[0]!.message).toMatch(
      /^not a ULog file: it starts with 89 50 4e 47/,
    );
    expect(read.samples).toEqual([]);
  });

  it('never throws on random bytes after a valid header (seeded)', async () => {
    const seed = 20260512;
    console.log(`random ULog damage seed ${seed}`);
    let state = seed;
    const next = () => (state = (state * 1103515245 + 12345) >>> 0) / 2 ** 32;
    const good = flightLog().bytes();
    for (let round = 0; round < 50; round++) {
      const bytes = good.slice();
      for (let i = 0; i < 20; i++)
        bytes[16 + Math.floor(next() * (bytes.length - 16))] = Math.floor(next() * 256);
      const read = await sortieRead(
        bytes.subarray(0, Math.floor(bytes.length * (0.5 + next() / 2))),
      );
      expect(read.result.isUlog).toBe(true);
      for (const p of read.result.problems) expect(p.offset).toBeGreaterThanOrEqual(0);
    }
  });
});
