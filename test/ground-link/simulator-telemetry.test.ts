import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { common, minimal, MavLinkPacketParser, MavLinkPacketSplitter } from 'node-mavlink';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  px4CustomMode,
  STREAM_RATES_HZ,
  TOTAL_STREAM_RATE_HZ,
  type GroundTruth,
  type SimulatedChunk,
  type StreamedMessageName,
} from '../../ground-link/simulator/index.js';
import { FrameEncoder } from '../../ground-link/simulator/frameEncoder.js';
import { FrameScanner } from '../../telemetry/mavlink/frameScanner.js';
import {
  concatChunks,
  decodeChunk,
  fieldsOf,
  framesOf,
  runToEnd,
  type DecodedFrame,
} from './simulatorFrames.js';

const SEED = 11;
let chunks: SimulatedChunk[];
let frames: DecodedFrame[];
let truth: GroundTruth;

beforeAll(() => {
  console.log(`clean flight, seed ${SEED}`);
  const run = runToEnd({ vehicles: 3, scenario: 'clean', seed: SEED });
  chunks = run.chunks;
  frames = chunks.map(decodeChunk);
  truth = run.simulator.truth();
});

describe('simulated telemetry of a clean flight', () => {
  it('flies the profile in four to five minutes of simulated time', () => {
    for (const vehicle of truth.vehicles) {
      const flightS = ((vehicle.disarmUs ?? 0) - (vehicle.armUs ?? 0)) / 1e6;
      expect(flightS).toBeGreaterThan(200);
      expect(flightS).toBeLessThan(300);
      expect(vehicle.maxAltRelM).toBeGreaterThan(59);
      expect(vehicle.maxAltRelM).toBeLessThan(62);
      expect(vehicle.modes.map((entry) => entry.mode)).toEqual([
        'POSCTL',
        'TAKEOFF',
        'LOITER',
        'MISSION',
        'LAND',
      ]);
    }
  });

  it.each(Object.keys(STREAM_RATES_HZ) as StreamedMessageName[])(
    'sends %s at its declared rate within 10 % for every vehicle',
    (name) => {
      for (const vehicle of truth.vehicles) {
        const ofVehicle = framesOf(frames, vehicle.sysId);
        const spanS = ((ofVehicle.at(-1)?.tUs ?? 0) - (ofVehicle[0]?.tUs ?? 0)) / 1e6;
        const rateHz = framesOf(frames, vehicle.sysId, name).length / spanS;
        expect(rateHz).toBeGreaterThan(STREAM_RATES_HZ[name] * 0.9);
        expect(rateHz).toBeLessThan(STREAM_RATES_HZ[name] * 1.1);
      }
    },
  );

  it('sends about 65 messages a second per vehicle', () => {
    const vehicle = truth.vehicles[0];
    if (vehicle === undefined) throw new Error('no vehicle');
    const ofVehicle = framesOf(frames, vehicle.sysId);
    const spanS = ((ofVehicle.at(-1)?.tUs ?? 0) - (ofVehicle[0]?.tUs ?? 0)) / 1e6;
    console.log(`vehicle ${vehicle.sysId}: ${(ofVehicle.length / spanS).toFixed(2)} msg/s`);
    expect(ofVehicle.length / spanS).toBeGreaterThanOrEqual(65);
    expect(ofVehicle.length / spanS).toBeLessThan(67);
    expect(TOTAL_STREAM_RATE_HZ).toBeCloseTo(65.5, 5);
  });

  it('decodes as a MAVLink 2 stream with node-mavlink, every frame valid', async () => {
    const splitter = new MavLinkPacketSplitter();
    let parsed = 0;
    await pipeline(
      Readable.from([Buffer.from(concatChunks(chunks))]),
      splitter,
      new MavLinkPacketParser(),
      new Writable({
        objectMode: true,
        write(_packet, _encoding, done) {
          parsed += 1;
          done();
        },
      }),
    );
    expect(parsed).toBe(chunks.length);
    expect(splitter.invalidPackages).toBe(0);
    expect(chunks.every((chunk) => chunk.bytes[0] === 0xfd)).toBe(true);
  });

  it("decodes with Sortie's frame scanner without a bad CRC, junk byte or unknown message", () => {
    const scanner = new FrameScanner();
    let found = 0;
    scanner.push(concatChunks(chunks), () => (found += 1));
    scanner.finish(() => (found += 1));
    expect(found).toBe(chunks.length);
    expect(scanner.stats).toEqual({
      frames: chunks.length,
      badCrcFrames: 0,
      junkBytes: 0,
      unknownMessages: 0,
    });
  });

  it('keeps the first payload byte of an all-zero message, as MAVLink 2 requires', () => {
    const frame = new FrameEncoder(7, 1).encode(new common.NavControllerOutput(), 300);
    expect(frame[1]).toBe(1);
    expect(frame.length).toBe(10 + 1 + 2);
    const decoded = decodeChunk({ tUs: 0, bytes: frame });
    expect(decoded).toMatchObject({ sysId: 7, seq: 300 % 256, name: 'NAV_CONTROLLER_OUTPUT' });
    expect(chunks.every((chunk) => (chunk.bytes[1] ?? 0) >= 1)).toBe(true);
  });

  it('numbers each vehicle’s frames 0…255 in order with no gap', () => {
    for (const vehicle of truth.vehicles) {
      const seqs = framesOf(frames, vehicle.sysId).map((frame) => frame.seq);
      seqs.slice(1).forEach((seq, index) => expect(seq).toBe(((seqs[index] ?? 0) + 1) % 256));
      expect(vehicle.framesLost).toBe(0);
      expect(vehicle.framesReceived).toBe(seqs.length);
    }
  });

  it('heartbeats say PX4 quadrotor, with the mode and armed flag of the truth', () => {
    for (const vehicle of truth.vehicles) {
      for (const frame of framesOf(frames, vehicle.sysId, 'HEARTBEAT')) {
        const heartbeat = fieldsOf(frame, minimal.Heartbeat);
        expect(heartbeat.autopilot).toBe(12);
        expect(heartbeat.type).toBe(2);
        expect(heartbeat.baseMode & 1).toBe(1);
        const modeNow = vehicle.modes.filter((entry) => entry.tUs <= frame.tUs).at(-1);
        expect(heartbeat.customMode).toBe(modeNow?.customMode);
        const armed =
          frame.tUs >= (vehicle.armUs ?? Infinity) && frame.tUs < (vehicle.disarmUs ?? Infinity);
        expect((heartbeat.baseMode & 128) !== 0).toBe(armed);
      }
    }
  });

  it('encodes PX4 modes as main mode << 16 | sub mode << 24', () => {
    expect(px4CustomMode('POSCTL')).toBe(3 << 16);
    expect(px4CustomMode('TAKEOFF')).toBe((4 << 16) + 2 * 2 ** 24);
    expect(px4CustomMode('LOITER')).toBe((4 << 16) + 3 * 2 ** 24);
    expect(px4CustomMode('MISSION')).toBe((4 << 16) + 4 * 2 ** 24);
    expect(px4CustomMode('RTL')).toBe((4 << 16) + 5 * 2 ** 24);
    expect(px4CustomMode('LAND')).toBe((4 << 16) + 6 * 2 ** 24);
  });

  it('reports GLOBAL_POSITION_INT within two metres of the true position, as often as the truth counts', () => {
    for (const vehicle of truth.vehicles) {
      const positions = framesOf(frames, vehicle.sysId, 'GLOBAL_POSITION_INT');
      expect(positions.length).toBe(vehicle.globalPositionIntFrames);
      const metresPerDegLat = 111_320;
      const metresPerDegLon = 111_320 * Math.cos((36.3725 * Math.PI) / 180);
      let checked = 0;
      for (const frame of positions) {
        const reported = fieldsOf(frame, common.GlobalPositionInt);
        // The true position at the frame's time, interpolated between 10 Hz truth samples.
        const after = vehicle.positions.findIndex(([tUs]) => tUs > frame.tUs);
        const before = vehicle.positions[after - 1];
        const next = vehicle.positions[after];
        if (before === undefined || next === undefined) continue;
        const share = (frame.tUs - before[0]) / (next[0] - before[0]);
        const [latDeg, lonDeg, altRelM] = [1, 2, 3].map(
          (column) => (before[column] ?? 0) + share * ((next[column] ?? 0) - (before[column] ?? 0)),
        ) as [number, number, number];
        const northM = (reported.lat / 1e7 - latDeg) * metresPerDegLat;
        const eastM = (reported.lon / 1e7 - lonDeg) * metresPerDegLon;
        expect(Math.hypot(northM, eastM)).toBeLessThan(2);
        expect(Math.abs(reported.relativeAlt / 1000 - altRelM)).toBeLessThan(1);
        checked += 1;
      }
      expect(checked).toBeGreaterThan(100);
    }
  });

  it('sends a STATUSTEXT for each autopilot event, as the truth lists them', () => {
    for (const vehicle of truth.vehicles) {
      const texts = framesOf(frames, vehicle.sysId, 'STATUSTEXT').map((frame) => ({
        tUs: frame.tUs,
        text: fieldsOf(frame, common.StatusText).text,
      }));
      expect(texts).toEqual(vehicle.statusTexts.map(({ tUs, text }) => ({ tUs, text })));
      expect(texts.map((entry) => entry.text)).toContain('Takeoff detected');
      expect(texts.map((entry) => entry.text)).toContain('Disarmed by landing');
    }
  });

  it('lands within two metres of home', () => {
    for (const vehicle of truth.vehicles) {
      const last = vehicle.positions.at(-1);
      if (last === undefined) throw new Error('no positions');
      const northM = (last[1] - vehicle.home.latDeg) * 111_320;
      const eastM = (last[2] - vehicle.home.lonDeg) * 111_320 * Math.cos((36.3725 * Math.PI) / 180);
      expect(Math.hypot(northM, eastM)).toBeLessThan(2);
      expect(last[3]).toBe(0);
    }
  });
});
