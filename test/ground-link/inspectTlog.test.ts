import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectTlog } from '../../ground-link/inspect/inspectTlog.js';
import { formatInspection } from '../../ground-link/inspect/formatInspection.js';
import { simulateToTlog } from '../../ground-link/simulator/index.js';
import { testSeed } from './support/simulatedFrames.js';
import { tempDirForFile } from './support/tempDir.js';
import { truthModesInFlight } from './support/truthChecks.js';

const dir = tempDirForFile('inspect');
/** HEARTBEAT comes at 1 Hz: arming and mode changes show up within one period. */
const HEARTBEAT_PERIOD_US = 1_000_000;

describe('inspectTlog', () => {
  it('finds each simulated vehicle’s flight as the simulator’s truth has it', async () => {
    const seed = testSeed('inspect');
    const path = join(dir, 'flight.tlog');
    const truth = await simulateToTlog({ vehicles: 2, scenario: 'clean', seed }, path);
    const report = await inspectTlog(path);

    expect(report).toMatchObject({ badCrcFrames: 0, junkBytes: 0, unknownMessages: 0 });
    expect(report.vehicles.map((v) => v.sysId)).toEqual(truth.vehicles.map((v) => v.sysId));
    for (const vehicle of truth.vehicles) {
      const seen = report.vehicles.find((v) => v.sysId === vehicle.sysId);
      if (!seen) throw new Error(`vehicle ${vehicle.sysId} not found`);
      expect(seen.positionSamples).toBe(vehicle.globalPositionIntFrames);
      expect(seen.framesReceived).toBe(vehicle.framesReceived);
      expect(seen.flights).toHaveLength(1);
      const flight = seen.flights[0];
      if (!flight || vehicle.armUs === null || vehicle.disarmUs === null)
        throw new Error('no flight');

      expect(flight.armUs - vehicle.armUs).toBeGreaterThanOrEqual(0);
      expect(flight.armUs - vehicle.armUs).toBeLessThanOrEqual(HEARTBEAT_PERIOD_US);
      expect((flight.disarmUs ?? 0) - vehicle.disarmUs).toBeGreaterThanOrEqual(0);
      expect((flight.disarmUs ?? 0) - vehicle.disarmUs).toBeLessThanOrEqual(HEARTBEAT_PERIOD_US);
      const trueDurationS = (vehicle.disarmUs - vehicle.armUs) / 1e6;
      expect(Math.abs(flight.durationS - trueDurationS)).toBeLessThanOrEqual(1);

      const modes = truthModesInFlight(vehicle);
      expect(flight.modes.map((m) => m.mode)).toEqual(modes.map((m) => m.mode));
      flight.modes.forEach((m, i) => {
        expect(m.tUs - (modes[i]?.tUs ?? 0)).toBeLessThanOrEqual(HEARTBEAT_PERIOD_US);
      });

      // Reported positions carry estimator noise; the truth is the exact path.
      expect(flight.maxAltRelM).toBeCloseTo(vehicle.maxAltRelM, 0);
      expect(flight.trackLengthM).toBeGreaterThan(vehicle.trackLengthM * 0.95);
      expect(flight.trackLengthM).toBeLessThan(vehicle.trackLengthM * 1.15);
      expect(flight.maxGroundSpeedMps).toBeGreaterThan(1);
    }
    const text = formatInspection(report);
    expect(text).toContain(
      `vehicle 1/1 (quadrotor, px4): 1 flight, ${truth.vehicles[0]?.globalPositionIntFrames} position samples`,
    );
  });

  it('counts damaged bytes and still finds every intact frame', async () => {
    const seed = testSeed('inspect-damaged');
    const path = join(dir, 'clean.tlog');
    await simulateToTlog({ vehicles: 1, scenario: 'clean', seed, durationS: 30 }, path);
    const intact = await inspectTlog(path);
    const bytes = readFileSync(path);
    const junk = Buffer.from('line noise \xfe\x05\x00\x00 and more', 'latin1');
    const cut = Math.floor(bytes.length / 3);
    const damagedPath = join(dir, 'damaged.tlog');
    writeFileSync(damagedPath, Buffer.concat([bytes.subarray(0, cut), junk, bytes.subarray(cut)]));
    const damaged = await inspectTlog(damagedPath);
    // The junk may land inside a record, which then is lost too; nothing else is.
    expect(damaged.frames).toBeGreaterThanOrEqual(intact.frames - 1);
    expect(damaged.junkBytes).toBeGreaterThanOrEqual(junk.length);
    expect(damaged.junkBytes).toBeLessThanOrEqual(junk.length + 8 + 280);
  });

  it('reports a ground station heard in the log', async () => {
    const path = join(dir, 'with-gcs.tlog');
    // A QGroundControl HEARTBEAT: MAV_TYPE_GCS (6), MAV_AUTOPILOT_INVALID (8), system 255.
    const { encodeFrame } = await import('../../telemetry/mavlink/encodeFrame.js');
    const { encodeTlogRecord } = await import('../../telemetry/tlog/tlogRecord.js');
    const payload = new Uint8Array([0, 0, 0, 0, 6, 8, 0, 4, 3]);
    const frame = encodeFrame({ version: 2, sysId: 255, compId: 190, seq: 0, msgId: 0, payload });
    writeFileSync(path, encodeTlogRecord(1_700_000_000_000_000, frame));
    const report = await inspectTlog(path);
    expect(report.groundStations).toEqual([{ sysId: 255, compId: 190 }]);
    expect(report.vehicles).toEqual([]);
  });
});
