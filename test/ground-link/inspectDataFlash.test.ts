import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  formatDataFlashInspection,
  inspectDataFlash,
} from '../../ground-link/inspect/inspectDataFlash.js';
import { inspectLog } from '../../ground-link/inspect/inspectLog.js';
import { runCli } from './support/runCli.js';
import { tempDirForFile } from './support/tempDir.js';

const dir = tempDirForFile('inspect-bin');
const FIXTURES = join(import.meta.dirname, '../../fixtures/real-logs');
const SUB = join(FIXTURES, 'ardusub-ac41-dive-starts-armed.bin');
const SITL = join(FIXTURES, 'sitl-copter-ac41dev-guided-pair.bin');

describe('inspect a DataFlash .bin', () => {
  it('infers the flight of a log without arming records from motion, and says so', async () => {
    const report = await inspectDataFlash(SITL);
    expect(report.format).toBe('dataflash');
    expect(report.clock).toBe('gps-utc');
    expect(report.flightsInferredFromMotion).toBe(true);
    // 212 POS records, 1 logger drop (DSF.Dp), as pymavlink's DFReader reads the file.
    const [vehicle] = report.vehicles;
    expect(vehicle).toMatchObject({ sysId: 1, compId: 1, positionSamples: 212, framesLost: 1 });
    expect(vehicle?.flights).toHaveLength(1);
    expect(vehicle?.flights[0]).toMatchObject({
      startedBy: 'motion',
      endedBy: 'log-end',
      disarmUs: null,
    });
    expect(vehicle?.flights[0]?.modes.map((m) => m.mode)).toEqual(['GUIDED']);
    expect(report.notes.join(' ')).toMatch(
      /no arming or disarming: flights are inferred from motion/,
    );
    expect(report.truncated).toBe(true);
    expect(report.errors).toEqual([
      {
        offset: 450_533,
        skippedBytes: 27,
        message:
          'the log ends inside a BAT record: 27 of its 38 bytes are present (the file was cut off)',
      },
    ]);
    const text = formatDataFlashInspection(report);
    expect(text).toContain('flight 1: moving (inferred) 2020-12-23');
    expect(text).toContain('still moving at the end of the log');
  });

  it('starts the first flight with a log that begins armed', async () => {
    const report = await inspectDataFlash(SUB);
    const flight = report.vehicles[0]?.flights[0];
    expect(report.clock).toBe('boot-time');
    expect(report.startsArmed).toBe(true);
    expect(flight).toMatchObject({ startedBy: 'log-start', endedBy: 'disarm', maxAltRelM: null });
    // First record at boot 265.648719 s, the ARM record (disarmed) at 274.434708 s (pymavlink).
    expect(flight?.armUs).toBe(265_648_719);
    expect(flight?.disarmUs).toBe(274_434_708);
    expect(flight?.modes.map((m) => m.mode)).toEqual(['MANUAL']);
    expect(report.vehicles[0]?.mavType).toBe(12); // MAV_TYPE_SUBMARINE
  });

  it('refuses a PNG named .bin with one sentence naming what it found', async () => {
    const path = join(dir, 'photo.bin');
    writeFileSync(path, Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'));
    const { code, stderr } = await runCli(['inspect', path, '--json']);
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(
      /photo\.bin is not a log Sortie reads: it starts with 89 50 4E 47 0D 0A 1A 0A/,
    );
  });

  it('prints every JSON key of a .tlog report for a .bin too', async () => {
    const tlog = await inspectLog(
      join(import.meta.dirname, '../../fixtures/tlog/clean-1vehicle.tlog'),
    );
    const bin = await inspectLog(SITL);
    expect(Object.keys(bin)).toEqual(expect.arrayContaining(Object.keys(tlog)));
    expect(Object.keys(bin.vehicles[0] ?? {}).sort()).toEqual(
      Object.keys(tlog.vehicles[0] ?? {}).sort(),
    );
    expect(Object.keys(bin.vehicles[0]?.flights[0] ?? {}).sort()).toEqual(
      Object.keys(tlog.vehicles[0]?.flights[0] ?? {}).sort(),
    );
  });
});
