import { describe, expect, it } from 'vitest';
import { Simulator, SCENARIO_NAMES } from '../../ground-link/simulator/index.js';
import { createRandom } from '../../ground-link/simulator/prng.js';
import { concatChunks, runToEnd } from './simulatorFrames.js';

function fingerprint(options: ConstructorParameters<typeof Simulator>[0]) {
  const { simulator, chunks } = runToEnd(options);
  return { bytes: concatChunks(chunks), times: chunks.map((chunk) => chunk.tUs), simulator };
}

describe('Simulator determinism', () => {
  it('gives byte-identical frames and truth for the same seed', () => {
    const options = { vehicles: 3, scenario: 'link-loss', seed: 42, durationS: 130 } as const;
    const first = fingerprint(options);
    const second = fingerprint(options);
    expect(first.bytes.length).toBeGreaterThan(100_000);
    expect(Buffer.from(first.bytes).equals(Buffer.from(second.bytes))).toBe(true);
    expect(first.times).toEqual(second.times);
    expect(first.simulator.truth()).toEqual(second.simulator.truth());
  });

  it('gives different frames and paths for different seeds', () => {
    const first = fingerprint({ vehicles: 2, scenario: 'clean', seed: 1, durationS: 40 });
    const second = fingerprint({ vehicles: 2, scenario: 'clean', seed: 2, durationS: 40 });
    expect(Buffer.from(first.bytes).equals(Buffer.from(second.bytes))).toBe(false);
    expect(first.simulator.truth().vehicles[0]?.positions).not.toEqual(
      second.simulator.truth().vehicles[0]?.positions,
    );
  });

  it('gives the same frames however the time is sliced', () => {
    const seed = 20260512;
    console.log(`slicing seed ${seed}`);
    const random = createRandom(seed);
    const options = { vehicles: 2, scenario: 'reboot', seed: 9, durationS: 30 } as const;
    const whole = new Simulator(options);
    const wholeChunks = whole.advanceTo(whole.options.startUs + 30_000_000);
    const sliced = new Simulator(options);
    const slicedChunks = [];
    let untilUs = sliced.options.startUs;
    while (!sliced.done) {
      untilUs += Math.floor(random.between(1, 700_000));
      slicedChunks.push(...sliced.advanceTo(untilUs));
    }
    expect(
      Buffer.from(concatChunks(slicedChunks)).equals(Buffer.from(concatChunks(wholeChunks))),
    ).toBe(true);
    expect(slicedChunks.map((chunk) => chunk.tUs)).toEqual(wholeChunks.map((chunk) => chunk.tUs));
  });
});

describe('Simulator.advanceTo', () => {
  it('returns frames in time order, each due at or before the time asked for, never twice', () => {
    const simulator = new Simulator({ vehicles: 3, scenario: 'clean', seed: 5 });
    let lastTUs = -Infinity;
    let untilUs = simulator.options.startUs;
    for (let slice = 0; slice < 200; slice++) {
      untilUs += 33_333;
      for (const chunk of simulator.advanceTo(untilUs)) {
        expect(chunk.tUs).toBeGreaterThanOrEqual(lastTUs);
        expect(chunk.tUs).toBeLessThanOrEqual(untilUs);
        lastTUs = chunk.tUs;
      }
      expect(lastTUs).toBeGreaterThan(untilUs - 100_000);
    }
    expect(simulator.advanceTo(untilUs)).toEqual([]);
  });

  it('is done a few seconds after every vehicle has disarmed, and sends nothing after', () => {
    const { simulator, chunks } = runToEnd({ vehicles: 3, scenario: 'clean', seed: 3 });
    const truth = simulator.truth();
    const lastDisarmUs = Math.max(...truth.vehicles.map((vehicle) => vehicle.disarmUs ?? Infinity));
    expect(simulator.done).toBe(true);
    expect(chunks.at(-1)?.tUs).toBeGreaterThan(lastDisarmUs);
    expect(chunks.at(-1)?.tUs).toBeLessThanOrEqual(lastDisarmUs + 3_000_000);
    expect(simulator.advanceTo(truth.simulatedUntilUs + 60_000_000)).toEqual([]);
  });

  it('stops at durationS even while the vehicles still fly', () => {
    const { simulator, chunks } = runToEnd({
      vehicles: 1,
      scenario: 'clean',
      seed: 3,
      durationS: 30,
    });
    const startUs = simulator.options.startUs;
    expect(simulator.done).toBe(true);
    expect(chunks.at(-1)?.tUs).toBeLessThanOrEqual(startUs + 30_000_000);
    expect(chunks.at(-1)?.tUs).toBeGreaterThan(startUs + 29_000_000);
    expect(simulator.truth().vehicles[0]?.landingUs).toBeNull();
  });
});

describe('Simulator options', () => {
  it('numbers the vehicles from firstSysId and starts at startUs', () => {
    const simulator = new Simulator({
      vehicles: 4,
      scenario: 'clean',
      seed: 1,
      firstSysId: 20,
      startUs: 1_000_000_000_000_000,
    });
    const chunks = simulator.advanceTo(1_000_000_000_000_000 + 2_000_000);
    const sysIds = new Set(chunks.map((chunk) => chunk.bytes[5]));
    expect([...sysIds].sort()).toEqual([20, 21, 22, 23]);
    expect(Math.min(...chunks.map((chunk) => chunk.tUs))).toBeGreaterThanOrEqual(1e18 / 1000);
  });

  it.each([
    [{ vehicles: 0, scenario: 'clean', seed: 1 }, /vehicles/],
    [{ vehicles: 2.5, scenario: 'clean', seed: 1 }, /vehicles must be a whole number/],
    [{ vehicles: 1, scenario: 'crash', seed: 1 }, /scenario must be one of clean, link-loss/],
    [{ vehicles: 1, scenario: 'clean', seed: -1 }, /seed/],
    [{ vehicles: 1, scenario: 'clean', seed: 1, durationS: 0 }, /durationS/],
    [
      { vehicles: 1, scenario: 'clean', seed: 1, origin: { latDeg: 95, lonDeg: 0, altMslM: 0 } },
      /origin\.latDeg/,
    ],
    [{ vehicles: 10, scenario: 'clean', seed: 1, firstSysId: 250 }, /system id 259.*end at 255/],
    [{ vehicles: 3, scenario: 'clean', seed: 1, faultySysId: 9 }, /faultySysId 9 is not one of/],
    [{ vehicles: 1, scenario: 'clean', seed: 1, speed: 2 }, /speed/],
  ])('rejects %j with an error naming what to fix', (options, message) => {
    expect(() => new Simulator(options as never)).toThrow(message);
  });

  it('knows every scenario it documents', () => {
    for (const scenario of SCENARIO_NAMES) {
      expect(() => new Simulator({ vehicles: 1, scenario, seed: 1 })).not.toThrow();
    }
  });
});

describe('Simulator ground truth', () => {
  it('samples true positions at 10 Hz and sums the track length from them', () => {
    const { simulator } = runToEnd({ vehicles: 2, scenario: 'clean', seed: 13 });
    for (const vehicle of simulator.truth().vehicles) {
      const times = vehicle.positions.map(([tUs]) => tUs);
      times.slice(1).forEach((tUs, index) => expect(tUs - (times[index] ?? 0)).toBe(100_000));
      const cosLat = Math.cos((vehicle.home.latDeg * Math.PI) / 180);
      let lengthM = 0;
      vehicle.positions.slice(1).forEach(([, latDeg, lonDeg], index) => {
        const [, lastLatDeg = 0, lastLonDeg = 0] = vehicle.positions[index] ?? [];
        lengthM += Math.hypot(
          (latDeg - lastLatDeg) * 111_319.5,
          (lonDeg - lastLonDeg) * 111_319.5 * cosLat,
        );
      });
      expect(vehicle.trackLengthM).toBeGreaterThan(400);
      expect(Math.abs(vehicle.trackLengthM - lengthM) / lengthM).toBeLessThan(0.005);
      expect(vehicle.maxAltRelM).toBe(
        Math.max(...vehicle.positions.map(([, , , altRelM]) => altRelM)),
      );
    }
  });

  it('puts the take-off pads a few metres apart around the origin', () => {
    const truth = new Simulator({ vehicles: 3, scenario: 'clean', seed: 1 }).truth();
    const pads = truth.vehicles.map((vehicle) => vehicle.home);
    const spacingM =
      (pads[1]!.lonDeg - pads[0]!.lonDeg) * 111_319.5 * Math.cos((36.3725 * Math.PI) / 180);
    expect(spacingM).toBeCloseTo(5, 1);
    expect(pads[1]).toEqual({ latDeg: 36.3725, lonDeg: 127.3628, altMslM: 60 });
  });
});
