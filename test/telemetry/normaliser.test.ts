import { describe, expect, it } from 'vitest';
import { common, minimal } from 'mavlink-mappings';
import { flightEventSchema } from '../../telemetry/model/flightEvent.js';
import { linkStatsSchema } from '../../telemetry/model/linkStats.js';
import { sampleSchema, type AnySample } from '../../telemetry/model/sample.js';
import { NormaliserRun } from './helpers/normaliserRun.js';
import {
  attitude,
  globalPosition,
  gpsRaw,
  heartbeat,
  statusText,
} from './helpers/sampleMessages.js';
import { seededRandom } from './helpers/seededRandom.js';

const { MavModeFlag, MavState, MavType, MavAutopilot } = minimal;
const ARMED = MavModeFlag.CUSTOM_MODE_ENABLED | MavModeFlag.SAFETY_ARMED;
const DISARMED = MavModeFlag.CUSTOM_MODE_ENABLED;
const T0 = 1_700_000_000_000_000;
const s = (seconds: number) => T0 + seconds * 1_000_000;

function ofKind<K extends AnySample['kind']>(samples: AnySample[], kind: K) {
  return samples.filter((x): x is Extract<AnySample, { kind: K }> => x.kind === kind);
}

describe('Normaliser', () => {
  it('turns GLOBAL_POSITION_INT into degrees, metres and m/s, with ground and boot time', () => {
    const m = new common.GlobalPositionInt();
    Object.assign(m, {
      timeBootMs: 123_456,
      lat: 374_123_456,
      lon: 1_270_654_321,
      alt: 45_500,
      relativeAlt: 12_250,
      vx: 150,
      vy: -250,
      vz: 50,
      hdg: 27_000,
    });
    const run = new NormaliserRun().send(s(0), heartbeat({})).send(s(1), m);
    const [position] = ofKind(run.normaliser.takeSamples(), 'position');
    expect(position).toEqual({
      kind: 'position',
      tUs: s(1),
      bootMs: 123_456,
      sysId: 1,
      compId: 1,
      values: {
        latDeg: 37.4123456,
        lonDeg: 127.0654321,
        altMslM: 45.5,
        altRelM: 12.25,
        vnMps: 1.5,
        veMps: -2.5,
        vdMps: 0.5,
        headingDeg: 270,
      },
    });
  });

  it('reports values the vehicle marks unknown as null', () => {
    const position = new common.GlobalPositionInt();
    position.hdg = 0xffff;
    const system = new common.SysStatus();
    Object.assign(system, { voltageBattery: 0xffff, currentBattery: -1, batteryRemaining: -1 });
    const battery = new common.BatteryStatus();
    Object.assign(battery, {
      voltages: Array(10).fill(0xffff),
      voltagesExt: [0, 0, 0, 0],
      currentBattery: -1,
      batteryRemaining: -1,
      currentConsumed: -1,
    });
    const radio = new common.RadioStatus();
    Object.assign(radio, { rssi: 255, remrssi: 200, noise: 255, remnoise: 30 });
    const run = new NormaliserRun()
      .send(s(0), heartbeat({}))
      .send(s(1), position)
      .send(
        s(1),
        gpsRaw(3, { eph: 0xffff, epv: 0xffff, vel: 0xffff, cog: 0xffff, satellitesVisible: 255 }),
      )
      .send(s(1), system)
      .send(s(1), battery)
      .send(s(1), radio);
    const samples = run.normaliser.takeSamples();
    expect(ofKind(samples, 'position')[0]?.values.headingDeg).toBeNull();
    expect(ofKind(samples, 'gps')[0]?.values).toMatchObject({
      hdop: null,
      vdop: null,
      gpsSpeedMps: null,
      gpsCourseDeg: null,
      satellites: null,
      fixType: 3,
    });
    expect(ofKind(samples, 'system')[0]?.values).toMatchObject({
      voltageV: null,
      currentA: null,
      remainingPct: null,
    });
    expect(ofKind(samples, 'battery')[0]?.values).toMatchObject({
      batteryVoltageV: null,
      batteryCurrentA: null,
      batteryRemainingPct: null,
      consumedMah: null,
    });
    expect(ofKind(samples, 'radio')[0]?.values).toMatchObject({
      rssi: null,
      remRssi: 200,
      noise: null,
      remNoise: 30,
    });
  });

  it('sums the cells of BATTERY_STATUS into the pack voltage', () => {
    const battery = new common.BatteryStatus();
    Object.assign(battery, {
      id: 1,
      voltages: [4100, 4050, 4000, 3950, ...Array(6).fill(0xffff)],
      voltagesExt: [0, 0, 0, 0],
      currentBattery: 1234,
      batteryRemaining: 76,
      currentConsumed: 850,
    });
    const run = new NormaliserRun().send(s(0), heartbeat({})).send(s(1), battery);
    expect(ofKind(run.normaliser.takeSamples(), 'battery')[0]?.values).toEqual({
      batteryId: 1,
      batteryVoltageV: 16.1,
      batteryCurrentA: 12.34,
      batteryRemainingPct: 76,
      consumedMah: 850,
    });
  });

  it('emits arm, disarm and mode changes with ArduPilot mode names', () => {
    const run = new NormaliserRun()
      .send(s(0), heartbeat({ baseMode: DISARMED, customMode: 0 }))
      .send(s(1), heartbeat({ baseMode: ARMED, customMode: 0 }))
      .send(s(2), heartbeat({ baseMode: ARMED, customMode: 5 }))
      .send(s(3), heartbeat({ baseMode: ARMED, customMode: 6 }))
      .send(s(4), heartbeat({ baseMode: DISARMED, customMode: 6 }));
    const events = run.normaliser.takeEvents();
    expect(events.map((e) => [e.type, e.tUs, e.message])).toEqual([
      ['arm', s(1), 'Armed'],
      ['mode-change', s(2), 'Mode STABILIZE → LOITER'],
      ['mode-change', s(3), 'Mode LOITER → RTL'],
      ['disarm', s(4), 'Disarmed'],
    ]);
    expect(run.normaliser.vehicles()).toEqual([
      {
        sysId: 1,
        compId: 1,
        mavType: MavType.QUADROTOR,
        autopilot: MavAutopilot.ARDUPILOTMEGA,
        modeName: 'RTL',
        armed: false,
        lastHeardUs: s(4),
      },
    ]);
  });

  it('names PX4 modes from main_mode << 16 | sub_mode << 24', () => {
    const px4 = (customMode: number) =>
      heartbeat({ autopilot: MavAutopilot.PX4, baseMode: ARMED, customMode });
    const run = new NormaliserRun()
      .send(s(0), px4(3 << 16))
      .send(s(1), px4(((4 << 16) | (5 << 24)) >>> 0));
    expect(run.normaliser.takeEvents()[0]?.message).toBe('Mode POSCTL → RTL');
  });

  it('emits a failsafe when the system state turns critical and for a failsafe text', () => {
    const run = new NormaliserRun()
      .send(s(0), heartbeat({ systemStatus: MavState.ACTIVE }))
      .send(s(1), heartbeat({ systemStatus: MavState.CRITICAL }))
      .send(s(2), heartbeat({ systemStatus: MavState.CRITICAL }))
      .send(s(3), statusText(2, 'Radio Failsafe - Continuing Landing'))
      .send(s(4), statusText(6, 'Radio Failsafe Cleared'));
    const failsafes = run.normaliser.takeEvents().filter((e) => e.type === 'failsafe');
    expect(failsafes.map((e) => [e.tUs, e.data.source])).toEqual([
      [s(1), 'heartbeat'],
      [s(3), 'statustext'],
    ]);
  });

  it('joins a chunked STATUSTEXT by its id and keeps the severity', () => {
    const first = 'A'.repeat(50);
    const run = new NormaliserRun()
      .send(s(0), heartbeat({}))
      .send(s(1), statusText(3, first, 42, 0))
      .send(s(1), statusText(3, 'B'.repeat(50), 42, 1))
      .send(s(1), statusText(3, 'end', 42, 2))
      .send(s(2), statusText(6, 'single'));
    const texts = run.normaliser.takeEvents().filter((e) => e.type === 'text');
    expect(texts.map((e) => [e.message, e.severity, e.data.complete])).toEqual([
      [first + 'B'.repeat(50) + 'end', 3, true],
      ['single', 6, true],
    ]);
  });

  it('hands out a chunked text whose last chunk never came, marked incomplete, at finish', () => {
    const run = new NormaliserRun()
      .send(s(0), heartbeat({}))
      .send(s(1), statusText(4, 'C'.repeat(50), 7, 0));
    expect(run.normaliser.takeEvents()).toEqual([]);
    run.normaliser.finish();
    expect(run.normaliser.takeEvents().map((e) => [e.message, e.data.complete])).toEqual([
      ['C'.repeat(50), false],
    ]);
  });

  it('reports a reboot when boot time jumps back and keeps samples in ground-time order', () => {
    const random = seededRandom(5);
    const run = new NormaliserRun()
      .send(s(0), heartbeat({}))
      .send(s(1), attitude(random, 600_000))
      .send(s(2), attitude(random, 599_500)) // jitter between streams: not a reboot
      .send(s(3), attitude(random, 1_200))
      .send(s(4), attitude(random, 2_200));
    const events = run.normaliser.takeEvents();
    expect(events.map((e) => [e.type, e.tUs, e.data.previousBootMs, e.data.bootMs])).toEqual([
      ['reboot', s(3), 599_500, 1_200],
    ]);
    const times = ofKind(run.normaliser.takeSamples(), 'attitude').map((x) => [x.tUs, x.bootMs]);
    expect(times).toEqual([
      [s(1), 600_000],
      [s(2), 599_500],
      [s(3), 1_200],
      [s(4), 2_200],
    ]);
  });

  it('reports GPS fix lost and regained, but not the first fix', () => {
    const run = new NormaliserRun()
      .send(s(0), heartbeat({}))
      .send(s(1), gpsRaw(1))
      .send(s(2), gpsRaw(3))
      .send(s(3), gpsRaw(4))
      .send(s(4), gpsRaw(2))
      .send(s(5), gpsRaw(1))
      .send(s(6), gpsRaw(6));
    expect(run.normaliser.takeEvents().map((e) => [e.type, e.tUs])).toEqual([
      ['gps-fix-lost', s(4)],
      ['gps-fix-regained', s(6)],
    ]);
  });

  it('does not treat ground stations or non-autopilot components as vehicles', () => {
    const random = seededRandom(8);
    const run = new NormaliserRun()
      .send(s(0), heartbeat({ mavType: MavType.GCS, autopilot: MavAutopilot.INVALID }), {
        sysId: 255,
        compId: 190,
      })
      .send(s(0), heartbeat({ mavType: MavType.GIMBAL, autopilot: MavAutopilot.INVALID }), {
        sysId: 1,
        compId: 154,
      })
      .send(s(1), attitude(random, 1000), { sysId: 1, compId: 154 })
      .send(s(1), heartbeat({}), { sysId: 1, compId: 1 });
    expect(run.normaliser.vehicles().map((v) => [v.sysId, v.compId])).toEqual([[1, 1]]);
    expect(run.normaliser.linkStats().map((v) => [v.sysId, v.compId])).toEqual([[1, 1]]);
    const samples = run.normaliser.takeSamples();
    expect(samples.map((x) => [x.kind, x.sysId, x.compId])).toEqual([['heartbeat', 1, 1]]);
  });

  it('keeps each vehicle on a link apart', () => {
    const run = new NormaliserRun()
      .send(s(0), heartbeat({ customMode: 5 }), { sysId: 1 })
      .send(s(0), heartbeat({ customMode: 6 }), { sysId: 2 })
      .send(s(1), heartbeat({ customMode: 6 }), { sysId: 1 })
      .send(s(1), heartbeat({ customMode: 6 }), { sysId: 2 });
    expect(run.normaliser.takeEvents().map((e) => [e.sysId, e.message])).toEqual([
      [1, 'Mode LOITER → RTL'],
    ]);
    expect(run.normaliser.vehicles().map((v) => [v.sysId, v.modeName])).toEqual([
      [1, 'RTL'],
      [2, 'RTL'],
    ]);
  });

  it('computes loss from sequence gaps (across wrap-around) and the longest heartbeat gap', () => {
    const run = new NormaliserRun()
      .send(s(0), heartbeat({}), { seq: 250 })
      .send(s(1), heartbeat({}), { seq: 251 })
      .send(s(1.5), heartbeat({}), { seq: 251 }) // duplicate: not 255 lost frames
      .send(s(4), heartbeat({}), { seq: 2 }) // 252…255, 0, 1 lost: 6
      .send(s(5), heartbeat({}), { seq: 3 });
    const [stats] = run.normaliser.linkStats();
    expect(stats).toEqual({
      sysId: 1,
      compId: 1,
      lastHeardUs: s(5),
      framesReceived: 5,
      framesLostBySeq: 6,
      framesLostEstimated: 0,
      lossPct: (100 * 6) / 11,
      badTimestamps: 0,
      maxHeartbeatGapMs: 2500,
    });
  });

  it('estimates the whole wraps a long silence hides from the send rate, apart from the counted loss', () => {
    const random = seededRandom(17);
    console.log('seed 17');
    const run = new NormaliserRun();
    // 20 frames a second for 15 s (seq 0…299), then 30 s unheard (600 frames), then 5 s more.
    const message = (i: number, bootMs: number) =>
      i % 20 === 0 ? heartbeat({}) : attitude(random, bootMs);
    for (let i = 0; i < 300; i++) run.send(s(i / 20), message(i, i * 50), { seq: i & 0xff });
    for (let i = 900; i < 1000; i++) {
      run.send(s(i / 20), message(i, i * 50), { seq: i & 0xff });
    }
    const [stats] = run.normaliser.linkStats();
    expect(stats?.framesReceived).toBe(400);
    expect(stats?.framesLostBySeq).toBe(88); // (900 − 299 − 1) mod 256, as the numbers show
    expect(stats?.framesLostEstimated).toBe(512); // two wraps: 20/s × 30 s = 600 = 88 + 2 × 256
    expect(stats?.lossPct).toBeCloseTo(60, 6);
  });

  it('does not take the silences of a bursty ground clock for loss', () => {
    const random = seededRandom(23);
    console.log('seed 23');
    const run = new NormaliserRun();
    // 100 frames a second, stamped by a recorder in one burst per second: the ground clock is
    // silent for a second each time, but the sequence numbers show nothing missing.
    for (let i = 0; i < 6000; i++) {
      const stampedS = Math.floor(i / 100) + (i % 100) * 1e-5;
      run.send(s(stampedS), i % 50 === 0 ? heartbeat({}) : attitude(random, i * 10), {
        seq: i & 0xff,
      });
    }
    const [stats] = run.normaliser.linkStats();
    expect(stats?.framesReceived).toBe(6000);
    expect(stats?.framesLostBySeq).toBe(0);
    expect(stats?.framesLostEstimated).toBe(0);
    expect(stats?.lossPct).toBe(0);
  });

  it('skips and counts corrupt timestamps: they neither inflate the loss nor date samples', () => {
    const random = seededRandom(29);
    console.log('seed 29');
    const run = new NormaliserRun();
    const corrupt = new Map([
      [500, s(0) + 2 ** 52], // a flipped high bit: 143 years ahead
      [1200, 0], // 1970
      [1201, s(0) - 3_600_000_000], // an hour back
      [2500, 8_000_000_000_000_000], // 2223
    ]);
    for (let i = 0; i < 3000; i++) {
      const message = i % 50 === 0 ? heartbeat({}) : attitude(random, i * 20);
      run.send(corrupt.get(i) ?? s(i / 50), message, { seq: i & 0xff });
    }
    const [stats] = run.normaliser.linkStats();
    expect(stats?.framesReceived).toBe(3000);
    expect(stats?.framesLostBySeq).toBe(0);
    expect(stats?.framesLostEstimated).toBe(0);
    expect(stats?.badTimestamps).toBe(4);
    const times = run.normaliser.takeSamples().map((sample) => sample.tUs);
    expect(times).toHaveLength(3000);
    // A corrupt stamp takes the time of the frame before it.
    expect(times[500]).toBe(s(499 / 50));
    expect(Math.max(...times)).toBe(s(2999 / 50));
    expect(Math.min(...times)).toBe(s(0));
  });

  it('follows a ground clock that really jumped once many frames agree on it', () => {
    const random = seededRandom(37);
    console.log('seed 37');
    const run = new NormaliserRun();
    const laterUs = s(0) + 86_400_000_000; // the recorder resumed a day later
    run.send(s(0), heartbeat({}), { seq: 0 });
    for (let i = 1; i < 100; i++) run.send(s(i / 50), attitude(random, i * 20), { seq: i });
    for (let i = 0; i < 100; i++) {
      run.send(laterUs + i * 20_000, attitude(random, i * 20), { seq: 100 + i });
    }
    const times = run.normaliser.takeSamples().map((sample) => sample.tUs);
    expect(times.at(-1)).toBe(laterUs + 99 * 20_000);
    // The frames before the clock was trusted again were counted as corrupt, two of them.
    expect(run.normaliser.linkStats()[0]?.badTimestamps).toBe(2);
  });

  it('does not count the restart of the sequence numbers at a reboot as loss', () => {
    const random = seededRandom(19);
    console.log('seed 19');
    const run = new NormaliserRun();
    const message = (i: number, bootMs: number) =>
      i % 20 === 0 ? heartbeat({}) : attitude(random, bootMs);
    for (let i = 0; i < 100; i++) {
      run.send(s(i / 20), message(i, 60_000 + i * 50), { seq: (i + 40) & 0xff });
    }
    // Four seconds to boot, then numbering from 0 with a young boot clock.
    for (let i = 0; i < 100; i++) run.send(s(9 + i / 20), message(i, 800 + i * 50), { seq: i });
    expect(run.normaliser.takeEvents().map((e) => e.type)).toEqual(['reboot']);
    const [stats] = run.normaliser.linkStats();
    expect(stats?.framesReceived).toBe(200);
    expect(stats?.framesLostBySeq).toBe(0);
    expect(stats?.framesLostEstimated).toBe(0);
  });

  it('makes a value outside its physical bounds unknown, keeps the rest, and counts it', () => {
    const random = seededRandom(41);
    console.log('seed 41');
    const position = globalPosition(random, 1000);
    position.lat = 2_000_000_000; // 200°: no such latitude
    position.alt = 2_100_000_000; // 2 100 km above the sea
    const run = new NormaliserRun().send(s(0), heartbeat({})).send(s(1), position);
    const [sample] = ofKind(run.normaliser.takeSamples(), 'position');
    expect(sample?.values.latDeg).toBeNull();
    expect(sample?.values.altMslM).toBeNull();
    expect(sample?.values.lonDeg).toBe(position.lon / 1e7);
    expect(sampleSchema.safeParse(sample).success).toBe(true);
    expect(run.normaliser.valuesOutOfBounds).toEqual({ latDeg: 1, altMslM: 1 });
  });

  it('reports COMMAND_ACK results by name', () => {
    const ack = new common.CommandAck();
    ack.command = common.MavCmd.COMPONENT_ARM_DISARM;
    ack.result = common.MavResult.DENIED;
    const run = new NormaliserRun().send(s(0), heartbeat({})).send(s(1), ack);
    const [event] = run.normaliser.takeEvents();
    expect(event?.type).toBe('command-ack');
    expect(event?.message).toBe('Command COMPONENT_ARM_DISARM (400): DENIED');
    expect(event?.severity).toBe(4);
  });

  it('produces samples, events and link stats that satisfy the shared schemas', () => {
    const random = seededRandom(31);
    console.log('seed 31');
    const run = new NormaliserRun();
    for (let i = 0; i < 200; i++) {
      const t = s(i / 10);
      run.send(t, heartbeat({ baseMode: i > 50 ? ARMED : DISARMED, customMode: i > 100 ? 6 : 5 }));
      run.send(t, globalPosition(random, i * 100));
      run.send(t, attitude(random, i * 100));
      run.send(t, gpsRaw(i % 50 < 45 ? 3 : 1));
      run.send(t, statusText(6, `step ${i}`));
    }
    const samples = run.normaliser.takeSamples();
    const events = run.normaliser.takeEvents();
    expect(samples.length).toBe(800);
    for (const sample of samples) expect(sampleSchema.safeParse(sample).success).toBe(true);
    for (const event of events) expect(flightEventSchema.safeParse(event).success).toBe(true);
    for (const stats of run.normaliser.linkStats()) {
      expect(linkStatsSchema.safeParse(stats).success).toBe(true);
    }
  });
});
