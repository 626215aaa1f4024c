import { readFile } from 'node:fs/promises';
import { booleanPointInPolygon, point } from '@turf/turf';
import { common, minimal } from 'node-mavlink';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_ORIGIN,
  defaultRangeFence,
  px4CustomMode,
  rangeFenceToGeoJson,
  SCENARIO_TIMING,
  STREAM_RATES_HZ,
  type FenceFeatureCollection,
  type GroundTruth,
  type InjectedFault,
  type ScenarioName,
  type VehicleTruth,
} from '../../ground-link/simulator/index.js';
import { decodeTlog } from '../../telemetry/mavlink/decodeTlog.js';
import { decodeChunk, fieldsOf, framesOf, runToEnd, type DecodedFrame } from './simulatorFrames.js';

const S = 1_000_000;
const STEP_US = 20_000;
const RTL = px4CustomMode('RTL');

interface ScenarioRun {
  frames: DecodedFrame[];
  truth: GroundTruth;
  faulty: VehicleTruth;
  /** The faulty vehicle's onboard log (.tlog bytes). */
  onboardLog: Uint8Array;
}

function flyScenario(scenario: ScenarioName, seed = 21): ScenarioRun {
  console.log(`scenario ${scenario}, seed ${seed}`);
  const { simulator, chunks } = runToEnd({ vehicles: 3, scenario, seed });
  const truth = simulator.truth();
  const faulty = truth.vehicles.find((vehicle) => vehicle.faulty);
  if (faulty === undefined) throw new Error('no faulty vehicle in the truth');
  const onboardLog = simulator.onboardLogTlog(faulty.sysId);
  return { frames: chunks.map(decodeChunk), truth, faulty, onboardLog };
}

function onlyFault<K extends InjectedFault['kind']>(
  vehicle: VehicleTruth,
  kind: K,
): Extract<InjectedFault, { kind: K }> {
  expect(vehicle.faults).toHaveLength(1);
  const fault = vehicle.faults[0];
  if (fault?.kind !== kind) throw new Error(`expected a ${kind} fault, got ${fault?.kind}`);
  return fault as Extract<InjectedFault, { kind: K }>;
}

function firstRtlHeartbeatUs(frames: DecodedFrame[], sysId: number): number | undefined {
  return framesOf(frames, sysId, 'HEARTBEAT').find(
    (frame) => fieldsOf(frame, minimal.Heartbeat).customMode === RTL,
  )?.tUs;
}

function distanceFromHomeM(vehicle: VehicleTruth): number {
  const last = vehicle.positions.at(-1);
  if (last === undefined) throw new Error('no positions');
  const northM = (last[1] - vehicle.home.latDeg) * 111_320;
  const eastM =
    (last[2] - vehicle.home.lonDeg) * 111_320 * Math.cos((vehicle.home.latDeg * Math.PI) / 180);
  return Math.hypot(northM, eastM);
}

function expectOthersClean(run: ScenarioRun): void {
  const others = run.truth.vehicles.filter((vehicle) => !vehicle.faulty);
  expect(others).toHaveLength(2);
  for (const vehicle of others) {
    expect(vehicle.faults).toEqual([]);
    expect(vehicle.framesLost).toBe(0);
    expect(vehicle.modes.map((entry) => entry.mode)).not.toContain('RTL');
    expect(vehicle.landingUs).not.toBeNull();
  }
}

describe('link-loss scenario', () => {
  let run: ScenarioRun;
  beforeAll(() => (run = flyScenario('link-loss')));

  it('sends nothing of the vehicle for at least 10 s, exactly over the truth’s gap', () => {
    const fault = onlyFault(run.faulty, 'link-loss');
    const { startUs, endUs } = fault;
    if (endUs === null) throw new Error('link never came back');
    expect(endUs - startUs).toBeGreaterThanOrEqual(10 * S);
    const own = framesOf(run.frames, run.faulty.sysId);
    expect(own.filter((frame) => frame.tUs >= startUs && frame.tUs < endUs)).toEqual([]);
    const before = own.filter((frame) => frame.tUs < startUs).at(-1);
    const after = own.find((frame) => frame.tUs >= endUs);
    if (before === undefined || after === undefined) throw new Error('no frames around the gap');
    expect(after.tUs - before.tUs).toBeGreaterThanOrEqual(10 * S);
    expect(after.tUs - endUs).toBeLessThan(0.2 * S);
  });

  it('shows the frames lost in the gap as a jump in the sequence numbers', () => {
    const fault = onlyFault(run.faulty, 'link-loss');
    const own = framesOf(run.frames, run.faulty.sysId);
    const after = own.findIndex((frame) => frame.tUs >= (fault.endUs ?? Infinity));
    const [before, first] = [own[after - 1], own[after]];
    if (before === undefined || first === undefined) throw new Error('no frames around the gap');
    expect(run.faulty.framesLost).toBeGreaterThan(10 * 60);
    expect((first.seq - before.seq - 1 + 256) % 256).toBe(run.faulty.framesLost % 256);
  });

  it('switches to RTL 3 s after the loss, shows RTL when heard again, and lands at home', () => {
    const fault = onlyFault(run.faulty, 'link-loss');
    if (fault.failsafeUs === null) throw new Error('no failsafe');
    expect(fault.failsafeUs - fault.startUs).toBeGreaterThanOrEqual(3 * S);
    expect(fault.failsafeUs - fault.startUs).toBeLessThanOrEqual(3 * S + STEP_US);
    expect(run.faulty.modes.find((entry) => entry.mode === 'RTL')?.tUs).toBe(fault.failsafeUs);
    const rtlHeardUs = firstRtlHeartbeatUs(run.frames, run.faulty.sysId) ?? Infinity;
    expect(rtlHeardUs).toBeGreaterThanOrEqual(fault.endUs ?? Infinity);
    expect(rtlHeardUs - (fault.endUs ?? 0)).toBeLessThanOrEqual(1 * S);
    expect(run.faulty.landingUs).not.toBeNull();
    expect(distanceFromHomeM(run.faulty)).toBeLessThan(2);
  });

  it('keeps an onboard log that dates the switch to RTL inside the silence', async () => {
    const fault = onlyFault(run.faulty, 'link-loss');
    const onboard = await decodeTlog(
      (async function* () {
        yield run.onboardLog;
      })(),
    );
    const rtl = onboard.events.find((e) => e.type === 'mode-change' && e.data.toMode === 'RTL');
    // Heartbeats at 1 Hz: the first one after the switch shows it, still inside the silence.
    expect(rtl?.tUs).toBeGreaterThanOrEqual(fault.failsafeUs ?? Infinity);
    expect((rtl?.tUs ?? Infinity) - (fault.failsafeUs ?? 0)).toBeLessThanOrEqual(1 * S);
    expect(rtl?.tUs).toBeLessThan(fault.endUs ?? 0);
    const text = onboard.events.find(
      (e) => e.type === 'text' && /ground station lost/.test(e.message),
    );
    expect(text?.tUs).toBeGreaterThanOrEqual(fault.failsafeUs ?? Infinity);
    expect(text?.tUs).toBeLessThan(fault.endUs ?? 0);
    // Every heartbeat the ground heard is in the onboard log, and those the silence swallowed.
    const heardHeartbeats = framesOf(run.frames, run.faulty.sysId, 'HEARTBEAT').length;
    const loggedHeartbeats = onboard.samples.filter((s) => s.kind === 'heartbeat').length;
    expect(loggedHeartbeats - heardHeartbeats).toBe(
      SCENARIO_TIMING.linkSilenceS * STREAM_RATES_HZ.HEARTBEAT,
    );
  });

  it('keeps the truth of the silent stretch', () => {
    const fault = onlyFault(run.faulty, 'link-loss');
    const silent = run.faulty.positions.filter(
      ([tUs]) => tUs >= fault.startUs && tUs < (fault.endUs ?? 0),
    );
    expect(silent.length).toBeGreaterThanOrEqual(149);
    const text = run.faulty.statusTexts.find((entry) =>
      entry.text.startsWith('Connection to ground'),
    );
    expect(text?.received).toBe(false);
  });

  it('lets the other vehicles fly clean', () => expectOthersClean(run));
});

describe('fence-breach scenario', () => {
  let run: ScenarioRun;
  let fence: FenceFeatureCollection['features'][number];
  beforeAll(async () => {
    run = flyScenario('fence-breach');
    const geoJson = JSON.parse(
      await readFile('fixtures/ranges/default-range.json', 'utf8'),
    ) as FenceFeatureCollection;
    const feature = geoJson.features[0];
    if (feature === undefined) throw new Error('fence fixture has no feature');
    fence = feature;
  });

  it('exports the fence it flies against as the range fixture', () => {
    expect(rangeFenceToGeoJson(defaultRangeFence(DEFAULT_ORIGIN), DEFAULT_ORIGIN)).toEqual({
      type: 'FeatureCollection',
      features: [fence],
    });
    expect(fence.properties).toMatchObject({ kind: 'inclusion', ceilingRelM: 100, marginM: 2 });
    expect(run.truth.fence.ringLonLat).toEqual(fence.geometry.coordinates[0]);
  });

  it('reports the vehicle outside the fence polygon within a second of the truth’s crossing', () => {
    const fault = onlyFault(run.faulty, 'fence-breach');
    if (fault.crossingUs === null) throw new Error('never crossed');
    const firstOutside = framesOf(run.frames, run.faulty.sysId, 'GLOBAL_POSITION_INT').find(
      (frame) => {
        const position = fieldsOf(frame, common.GlobalPositionInt);
        return !booleanPointInPolygon(
          point([position.lon / 1e7, position.lat / 1e7]),
          fence.geometry,
        );
      },
    );
    expect(firstOutside).toBeDefined();
    expect(Math.abs((firstOutside?.tUs ?? 0) - fault.crossingUs)).toBeLessThan(1 * S);
    expect(fault.crossingUs).toBeGreaterThan(fault.startUs);
    expect(fault.maxOutsideM).toBeGreaterThan(1);
  });

  it('returns within a second of the crossing and comes back inside', () => {
    const fault = onlyFault(run.faulty, 'fence-breach');
    expect((fault.failsafeUs ?? Infinity) - (fault.crossingUs ?? 0)).toBeLessThanOrEqual(
      SCENARIO_TIMING.fenceFailsafeDelayS * S + STEP_US,
    );
    expect(firstRtlHeartbeatUs(run.frames, run.faulty.sysId)).toBeLessThanOrEqual(
      (fault.failsafeUs ?? 0) + 1 * S,
    );
    expect(fault.endUs).toBeGreaterThan(fault.crossingUs ?? Infinity);
    const outsideSamples = run.faulty.positions.filter(
      ([, latDeg, lonDeg]) => !booleanPointInPolygon(point([lonDeg, latDeg]), fence.geometry),
    );
    expect(outsideSamples.length).toBeGreaterThan(0);
    for (const [tUs] of outsideSamples) {
      expect(tUs).toBeGreaterThanOrEqual(fault.crossingUs ?? Infinity);
      expect(tUs).toBeLessThanOrEqual(fault.endUs ?? 0);
    }
    expect(distanceFromHomeM(run.faulty)).toBeLessThan(2);
  });

  it('keeps the other vehicles inside the fence', () => {
    expectOthersClean(run);
    for (const vehicle of run.truth.vehicles.filter((entry) => !entry.faulty)) {
      for (const [, latDeg, lonDeg] of vehicle.positions) {
        expect(booleanPointInPolygon(point([lonDeg, latDeg]), fence.geometry)).toBe(true);
      }
    }
  });
});

describe('low-battery scenario', () => {
  let run: ScenarioRun;
  beforeAll(() => (run = flyScenario('low-battery')));

  it('reports battery_remaining at or below 15 % (rounded up, as PX4 does) from the truth’s crossing on', () => {
    const fault = onlyFault(run.faulty, 'low-battery');
    const reports = framesOf(run.frames, run.faulty.sysId, 'SYS_STATUS').map((frame) => ({
      tUs: frame.tUs,
      remainingPct: fieldsOf(frame, common.SysStatus).batteryRemaining,
    }));
    const firstLow = reports.find((report) => report.remainingPct <= 15);
    if (firstLow === undefined) throw new Error('battery never reported low');
    expect(firstLow.tUs).toBeGreaterThanOrEqual(fault.startUs);
    // SYS_STATUS comes at 2 Hz; the report lags the state by at most one physics step.
    expect(firstLow.tUs - fault.startUs).toBeLessThanOrEqual(0.5 * S + STEP_US);
    expect(
      reports.filter((report) => report.tUs < fault.startUs).every((r) => r.remainingPct > 15),
    ).toBe(true);
  });

  it('switches to RTL 2 s after the crossing, visible within 3 s, and lands with charge left', () => {
    const fault = onlyFault(run.faulty, 'low-battery');
    const failsafeDelayUs = (fault.failsafeUs ?? Infinity) - fault.startUs;
    expect(failsafeDelayUs).toBeGreaterThanOrEqual(2 * S);
    expect(failsafeDelayUs).toBeLessThanOrEqual(2 * S + STEP_US);
    const rtlHeardUs = firstRtlHeartbeatUs(run.frames, run.faulty.sysId) ?? Infinity;
    expect(rtlHeardUs - fault.startUs).toBeLessThanOrEqual(3 * S + STEP_US);
    expect(run.faulty.batteryEndPct).toBeGreaterThan(5);
    expect(distanceFromHomeM(run.faulty)).toBeLessThan(2);
  });

  it('lets the other vehicles fly clean', () => expectOthersClean(run));
});

describe('gps-loss scenario', () => {
  let run: ScenarioRun;
  beforeAll(() => (run = flyScenario('gps-loss')));

  it('reports no fix in GPS_RAW_INT for exactly the truth’s 8 s, a 3-D fix otherwise', () => {
    const fault = onlyFault(run.faulty, 'gps-loss');
    expect((fault.endUs ?? 0) - fault.startUs).toBe(SCENARIO_TIMING.gpsLossDurationS * S);
    let withoutFix = 0;
    for (const frame of framesOf(run.frames, run.faulty.sysId, 'GPS_RAW_INT')) {
      const gps = fieldsOf(frame, common.GpsRawInt);
      const lost = frame.tUs >= fault.startUs && frame.tUs < (fault.endUs ?? 0);
      if (lost) withoutFix += 1;
      expect(gps.fixType <= 1).toBe(lost);
      if (!lost) expect(gps.fixType).toBe(3);
    }
    expect(withoutFix).toBeGreaterThanOrEqual(39);
    expect(withoutFix).toBeLessThanOrEqual(41);
  });

  it('announces the loss and the recovery in STATUSTEXT', () => {
    const fault = onlyFault(run.faulty, 'gps-loss');
    const texts = framesOf(run.frames, run.faulty.sysId, 'STATUSTEXT').map((frame) => ({
      tUs: frame.tUs,
      text: fieldsOf(frame, common.StatusText).text,
    }));
    expect(texts).toContainEqual({ tUs: fault.startUs, text: 'GPS fix lost' });
    expect(texts).toContainEqual({ tUs: fault.endUs, text: 'GPS fix regained' });
  });

  it('lets the other vehicles fly clean', () => expectOthersClean(run));
});

describe('reboot scenario', () => {
  let run: ScenarioRun;
  beforeAll(() => (run = flyScenario('reboot')));

  it('goes silent on the ground, then time since boot jumps back and sequence numbers restart', () => {
    const fault = onlyFault(run.faulty, 'reboot');
    const { startUs, endUs, bootMsAfter } = fault;
    if (endUs === null || bootMsAfter === null) throw new Error('never came back');
    expect(bootMsAfter).toBeLessThan(fault.bootMsBefore);
    const own = framesOf(run.frames, run.faulty.sysId);
    expect(own.filter((frame) => frame.tUs >= startUs && frame.tUs < endUs)).toEqual([]);
    const firstAfter = own.find((frame) => frame.tUs >= endUs);
    expect(firstAfter?.tUs).toBe(endUs);
    expect(firstAfter?.seq).toBe(0);
    const bootTimes = framesOf(run.frames, run.faulty.sysId, 'SYSTEM_TIME').map((frame) => ({
      tUs: frame.tUs,
      bootMs: fieldsOf(frame, common.SystemTime).timeBootMs,
    }));
    const lastBefore = bootTimes.filter((entry) => entry.tUs < startUs).at(-1);
    const firstBootAfter = bootTimes.find((entry) => entry.tUs >= endUs);
    expect(lastBefore?.bootMs).toBeLessThanOrEqual(fault.bootMsBefore);
    expect(lastBefore?.bootMs).toBeGreaterThan(fault.bootMsBefore - 1100);
    expect(firstBootAfter?.bootMs).toBeLessThan(bootMsAfter + 1100);
  });

  it('announces the restart and arms only after it', () => {
    const fault = onlyFault(run.faulty, 'reboot');
    const texts = framesOf(run.frames, run.faulty.sysId, 'STATUSTEXT').map(
      (frame) => fieldsOf(frame, common.StatusText).text,
    );
    expect(texts).toContain('Autopilot started after reboot');
    expect(run.faulty.armUs).toBeGreaterThan(fault.endUs ?? Infinity);
    expect(run.faulty.landingUs).not.toBeNull();
  });

  it('lets the other vehicles fly clean', () => expectOthersClean(run));
});

describe('choosing the faulty vehicle', () => {
  it('injects the scenario into faultySysId and leaves vehicle 1 clean', () => {
    const { simulator } = runToEnd({
      vehicles: 3,
      scenario: 'gps-loss',
      seed: 4,
      faultySysId: 3,
      durationS: 120,
    });
    const [first, , third] = simulator.truth().vehicles;
    expect(first?.faulty).toBe(false);
    expect(first?.faults).toEqual([]);
    expect(third?.faulty).toBe(true);
    expect(third?.faults.map((fault) => fault.kind)).toEqual(['gps-loss']);
  });
});
