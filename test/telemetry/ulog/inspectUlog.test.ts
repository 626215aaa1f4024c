import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inspectUlog } from '../../../ground-link/inspect/inspectUlog.js';
import { FORMATS, MSG_ID, px4Writer, UlogWriter } from './ulogWriter.js';

const ROOT = join(import.meta.dirname, '../../..');
const FIXTURE = join(ROOT, 'fixtures/real-logs/px4-fmuv4pro-appended-data-bench.ulg');
const dir = mkdtempSync(join(tmpdir(), 'sortie-inspect-ulog-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const T0 = 1_000_000;
const UTC_AT_BOOT_US = 1_750_000_000_000_000;
const s = (seconds: number) => T0 + seconds * 1e6;

function save(name: string, w: UlogWriter): string {
  const path = join(dir, name);
  writeFileSync(path, w.bytes());
  return path;
}

/** Armed POSCTL at 2 s, climbs 30 m to the north over 11 positions, MISSION at 4 s, disarmed at `disarmAtS`. */
function flight(disarmAtS: number | null): UlogWriter {
  const w = px4Writer(T0);
  w.data(MSG_ID.vehicle_status, { timestamp: s(0.1), arming_state: 1, nav_state: 2 });
  w.data(MSG_ID.home_position, {
    timestamp: s(0.5),
    lat: 47,
    lon: 8,
    alt: 400,
    z: -2,
    valid_alt: 1,
    valid_hpos: 1,
  });
  w.data(MSG_ID.vehicle_gps_position, {
    timestamp: s(1),
    time_utc_usec: UTC_AT_BOOT_US + s(1),
    fix_type: 3,
    lat: 470000000,
    lon: 80000000,
  });
  w.data(MSG_ID.vehicle_status, { timestamp: s(2), arming_state: 2, nav_state: 2 });
  for (let i = 0; i <= 10; i++) {
    w.data(MSG_ID.vehicle_global_position, {
      timestamp: s(2 + i * 0.5),
      lat: 47 + i * 1e-4,
      lon: 8,
      alt: 400 + i * 3,
    });
  }
  w.data(MSG_ID.vehicle_status, { timestamp: s(4), arming_state: 2, nav_state: 3 });
  if (disarmAtS !== null)
    w.data(MSG_ID.vehicle_status, { timestamp: s(disarmAtS), arming_state: 1, nav_state: 3 });
  return w;
}

describe('inspect for a .ulg', () => {
  it('gives the arm → disarm flight with its modes, height above home and 2-D track, in GPS time', async () => {
    const report = await inspectUlog(save('flight.ulg', flight(8)));
    expect(report.clock).toBe('gps-utc');
    expect(report.vehicles).toHaveLength(1);
    const [vehicle] = report.vehicles;
    expect(vehicle!.sysId).toBe(7);
    const [f] = vehicle!.flights;
    expect(vehicle!.flights).toHaveLength(1);
    expect(f!.armUs).toBe(UTC_AT_BOOT_US + s(2));
    expect(f!.disarmUs).toBe(UTC_AT_BOOT_US + s(8));
    expect(f!.durationS).toBe(6);
    expect(f!.modes.map((m) => m.mode)).toEqual(['POSCTL', 'MISSION']);
    expect(f!.maxAltRelM).toBeCloseTo(30, 3);
    // 10 steps of 1e-4° latitude: 10 × 11.12 m (haversine, mean Earth radius).
    expect(f!.trackLengthM).toBeCloseTo(111.2, 0);
    expect(report.endsArmed).toBe(false);
    expect(report.flightsInferredFromMotion).toBe(false);
    expect(report.errors).toEqual([]);
  });

  it('says when the log ends with the vehicle still armed', async () => {
    const report = await inspectUlog(save('ends-armed.ulg', flight(null)));
    expect(report.endsArmed).toBe(true);
    expect(report.vehicles[0]!.flights[0]!.disarmUs).toBeNull();
  });

  it('infers flights from motion when the log has no vehicle_status, and says so', async () => {
    const w = new UlogWriter(T0);
    w.format(FORMATS.vehicle_local_position).format(FORMATS.home_position);
    w.addLogged(0, 0, 'vehicle_local_position').addLogged(0, 1, 'home_position');
    w.data(1, { timestamp: s(0.1), alt: 100, z: 0, valid_alt: 1, valid_hpos: 0 });
    for (let i = 0; i <= 40; i++) {
      const moving = i >= 5 && i < 15;
      w.data(0, { timestamp: s(i), z: moving ? -5 : 0, vx: moving ? 3 : 0, z_valid: 1 });
    }
    const report = await inspectUlog(save('no-status.ulg', w));
    expect(report.flightsInferredFromMotion).toBe(true);
    expect(report.clock).toBe('boot-time');
    const flights = report.vehicles[0]!.flights;
    expect(flights).toHaveLength(1);
    expect(flights[0]!.armUs).toBe(s(5));
    // Still for 10 s after the last motion at 14 s ends it.
    expect(flights[0]!.disarmUs).toBe(s(24));
    expect(flights[0]!.maxAltRelM).toBe(5);
  });

  it('reports "no flight" for the bench log that was never armed, with its appended data', async () => {
    const report = await inspectUlog(FIXTURE);
    expect(report.dataAppended).toBe(true);
    expect(report.vehicles[0]!.flights).toEqual([]);
    expect(report.errors).toEqual([]);
  });

  it('prints the same JSON keys for a .ulg as for a .tlog through sortie-link inspect, told by magic', () => {
    const run = (file: string) =>
      spawnSync(
        process.execPath,
        ['--import', 'tsx', join(ROOT, 'ground-link/cli.ts'), 'inspect', file, '--json'],
        {
          encoding: 'utf8',
          cwd: ROOT,
        },
      );
    const ulogPath = join(dir, 'named-wrong.tlog');
    writeFileSync(ulogPath, flight(8).bytes());
    const ulog = run(ulogPath);
    expect(ulog.status).toBe(0);
    const tlog = run(join(ROOT, 'fixtures/tlog/clean-1vehicle.tlog'));
    expect(tlog.status).toBe(0);
    const ulogReport = JSON.parse(ulog.stdout) as Record<string, unknown>;
    const tlogReport = JSON.parse(tlog.stdout) as Record<string, unknown>;
    for (const key of Object.keys(tlogReport)) expect(ulogReport).toHaveProperty(key);
    expect(ulogReport.format).toBe('ulog');
  });
});
