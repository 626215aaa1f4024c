import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataFlashParser } from '../../../telemetry/dataflash/dataFlashParser.js';
import { decodeDataFlash } from '../../../telemetry/dataflash/decodeDataFlash.js';
import { DataFlashNormaliser } from '../../../telemetry/dataflash/normaliser.js';
import { gpsToUnixUs } from '../../../telemetry/dataflash/gpsTime.js';
import {
  decodeRecord,
  scanDataFlash,
  type DecodedRecord,
} from '../../../telemetry/dataflash/readDataFlash.js';
import type { FlightEvent } from '../../../telemetry/model/flightEvent.js';
import type { AnySample } from '../../../telemetry/model/sample.js';
import { tempDirForFile } from '../../ground-link/support/tempDir.js';
import { randomInt, seededRandom } from '../helpers/seededRandom.js';
import { DataFlashWriter, MODERN, OLD, recordLength } from './support/dataFlashWriter.js';

const dir = tempDirForFile('dataflash');
const GPS_EPOCH_UNIX_MS = Date.parse('1980-01-06T00:00:00Z');
const WEEK_MS = 604_800_000;

/** GPS week and time of week of a UTC instant, given the leap seconds of that day (IERS Bulletin C). */
function gpsOf(utc: string, leapSeconds: number): { week: number; ms: number } {
  const gpsMs = Date.parse(utc) - GPS_EPOCH_UNIX_MS + leapSeconds * 1000;
  return { week: Math.floor(gpsMs / WEEK_MS), ms: gpsMs % WEEK_MS };
}

let fileCount = 0;
async function decodeBytes(bytes: Uint8Array) {
  const path = join(dir, `log-${fileCount++}.bin`);
  writeFileSync(path, bytes);
  const samples: AnySample[] = [];
  const events: FlightEvent[] = [];
  const summary = await decodeDataFlash(path, (batch) => {
    samples.push(...batch.samples);
    events.push(...batch.events);
  });
  return { path, summary, samples, events };
}

function declareAll(
  writer: DataFlashWriter,
  formats: Record<string, Parameters<DataFlashWriter['fmt']>[0]>,
) {
  for (const format of Object.values(formats)) writer.fmt(format);
  return writer;
}

/** A TimeUS log of known content: GPS time at boot 1.5 s is 2020-12-23T09:26:23Z (18 leap s). */
function modernLog(): DataFlashWriter {
  const gps = gpsOf('2020-12-23T09:26:23Z', 18);
  const w = declareAll(new DataFlashWriter(), MODERN);
  const M = MODERN;
  return w
    .record(M.MSG, [1_000_000, 'ArduCopter V4.1.0 (cd6ddf7d)'])
    .record(M.MODE, [1_000_000, 5, 5, 1])
    .record(M.GPS, [
      1_500_000,
      0,
      3,
      gps.ms,
      gps.week,
      12,
      0.8,
      -35.3632621,
      149.1652135,
      584,
      0,
      0,
      0,
      0,
      1,
    ])
    .record(M.ARM, [2_000_000, 1, 0, 0, 1])
    .record(M.EV, [2_000_010, 10])
    .record(M.ATT, [2_100_000, 0, 1.5, 0, -2.25, 0, 90, 0, 0])
    .record(M.POS, [2_100_000, -35.3632621, 149.1652135, 589, 5.5, 5.5])
    .record(M.BAT, [2_100_000, 0, 12.5, 12.5, 10, 250, 3, 25, 0.01, 80])
    .record(M.VIBE, [2_100_000, 0, 3, 4, 12, 2])
    .record(M.ERR, [3_000_000, 5, 1])
    .record(M.ERR, [3_500_000, 5, 0])
    .record(M.MODE, [3_500_000, 6, 6, 2])
    .record(M.EV, [4_000_000, 11]);
}

describe('DataFlash reader', () => {
  // Heading comes from the latest ATT record, as ArduPilot logs ATT before POS in each loop.
  it('turns a TimeUS log into UTC samples and events: GPS time with the 18 leap seconds of 2020', async () => {
    const { summary, samples, events } = await decodeBytes(modernLog().bytes());
    const gpsUtcUs = Date.parse('2020-12-23T09:26:23Z') * 1000;
    /** UTC of a boot time: the GPS record at boot 1.5 s says 09:26:23Z. */
    const utc = (bootUs: number) => gpsUtcUs + bootUs - 1_500_000;

    expect(summary.stats.errors).toEqual([]);
    expect(summary.clock.leapSeconds).toBe(18);
    expect(summary.firstUs).toBe(utc(1_000_000));
    expect(summary.vehicle.vehicleClass).toBe('copter');
    const arming = events.filter((e) => e.type === 'arm' || e.type === 'disarm');
    // ARM and EV 10 say the same arming: one event.
    expect(arming.map((e) => [e.type, e.tUs])).toEqual([
      ['arm', utc(2_000_000)],
      ['disarm', utc(4_000_000)],
    ]);
    expect(events.filter((e) => e.type === 'mode-change').map((e) => e.data.toMode)).toEqual([
      'LOITER',
      'RTL',
    ]);
    const failsafes = events.filter((e) => e.type === 'failsafe');
    expect(failsafes.map((e) => [e.message, e.tUs])).toEqual([
      ['Failsafe FAILSAFE_RADIO (code 1)', utc(3_000_000)],
    ]);

    const position = samples.find((s) => s.kind === 'position');
    expect(position?.values).toMatchObject({ altRelM: 5.5, headingDeg: 90 });
    expect(position?.values.latDeg).toBeCloseTo(-35.3632621, 7);
    expect(position?.tUs).toBe(utc(2_100_000));
    expect(position?.bootMs).toBe(2100);
    expect(samples.find((s) => s.kind === 'attitude')?.values).toMatchObject({
      rollDeg: 1.5,
      pitchDeg: -2.25,
      yawDeg: 90,
    });
    expect(samples.find((s) => s.kind === 'battery')?.values).toMatchObject({
      batteryId: 0,
      batteryVoltageV: 12.5,
      batteryCurrentA: 10,
      consumedMah: 250,
      batteryRemainingPct: 80,
    });
    expect(samples.find((s) => s.kind === 'vibration')?.values).toMatchObject({
      vibeZMps2: 12,
      clipping0: 2,
    });
    expect(samples.find((s) => s.kind === 'gps')?.values).toMatchObject({
      fixType: 3,
      satellites: 12,
      hdop: 0.8,
    });
  });

  it('reads a TimeMS log of 2014: boot time from GPS.T, 16 leap seconds, untimed records take the time before', async () => {
    const gps = gpsOf('2014-10-19T01:04:30Z', 16);
    const w = declareAll(new DataFlashWriter(), OLD);
    const bytes = w
      .record(OLD.MSG, ['ArduCopter V3.1.3 (92cdd2a3)'])
      .record(OLD.MODE, [0, 514])
      .record(OLD.EV, [10])
      .record(OLD.ATT, [312_991, 0, 0.44, 0, -2.29, 190.6, 190.6])
      .record(OLD.GPS, [
        3,
        gps.ms,
        gps.week,
        10,
        1.68,
        30.1557346,
        -97.9575471,
        2.5,
        297.88,
        4,
        90,
        -0.5,
        313_000,
      ])
      .record(OLD.MODE, [5, 514])
      .record(OLD.CURR, [313_680, 0, 0, 1640, 294, 5164, 66.3])
      .bytes();
    const { summary, samples, events } = await decodeBytes(bytes);
    const utc = (bootMs: number) =>
      Date.parse('2014-10-19T01:04:30Z') * 1000 + (bootMs - 313_000) * 1000;

    expect(summary.stats.errors).toEqual([]);
    expect(summary.clock.leapSeconds).toBe(16);
    // MSG, MODE and EV come before any timed record: they take the first time in the log (ATT).
    expect(
      events.filter((e) => e.type !== 'text').map((e) => [e.type, e.data.toMode ?? null, e.tUs]),
    ).toEqual([
      ['mode-change', 'STABILIZE', utc(312_991)],
      ['arm', null, utc(312_991)],
      // untimed MODE after the GPS record: the GPS record's time
      ['mode-change', 'LOITER', utc(313_000)],
    ]);
    const position = samples.find((s) => s.kind === 'position');
    expect(position?.tUs).toBe(utc(313_000));
    expect(position?.values).toMatchObject({ altRelM: 2.5, headingDeg: 190.6 });
    expect(position?.values.vnMps).toBeCloseTo(0, 6);
    expect(position?.values.veMps).toBeCloseTo(4, 6);
    // ArduCopter 3.1 logged CURR volts and amps ×100.
    expect(samples.find((s) => s.kind === 'battery')?.values).toMatchObject({
      batteryVoltageV: 16.4,
      batteryCurrentA: 2.94,
    });
  });

  it('gives no position without a 3-D fix, and never 0, 0', async () => {
    const w = declareAll(new DataFlashWriter(), MODERN);
    const bytes = w
      .record(MODERN.GPS, [1_000_000, 0, 1, 0, 0, 0, 99.99, 0, 0, -17, 0, 0, 0, 0, 1])
      .record(MODERN.POS, [1_100_000, 0, 0, -17, 0.5, 0.5])
      .record(MODERN.GPS, [1_200_000, 0, 3, 0, 0, 9, 1.1, 0, 0, 10, 0, 0, 0, 0, 1])
      .record(MODERN.POS, [1_300_000, 0, 0, 10, 0.75, 0.75])
      .bytes();
    const { samples } = await decodeBytes(bytes);
    const positions = samples.filter((s) => s.kind === 'position');
    expect(positions.map((p) => [p.values.latDeg, p.values.lonDeg, p.values.altRelM])).toEqual([
      [null, null, 0.5],
      [null, null, 0.75],
    ]);
    expect(samples.filter((s) => s.kind === 'gps').map((s) => s.values.gpsLatDeg)).toEqual([
      null,
      null,
    ]);
  });

  it('skips garbage in the middle, naming its offset and length, and reads every record around it', async () => {
    const seed = 20261204;
    console.log(`dataflash garbage: seed ${seed}`);
    const random = seededRandom(seed);
    // No 0xA3 in the garbage, so no false header inside it.
    const garbage = Uint8Array.from({ length: 37 }, () => randomInt(random, 0, 0xa2));
    const before = modernLog().bytes();
    const after = new DataFlashWriter()
      .record(MODERN.POS, [5_000_000, -35.36, 149.16, 590, 6, 6])
      .bytes();
    const bytes = new DataFlashWriter().raw(before).raw(garbage).raw(after).bytes();
    const { summary, samples } = await decodeBytes(bytes);

    expect(summary.stats.skippedBytes).toBe(37);
    expect(summary.stats.errors).toEqual([
      {
        offset: before.length,
        skippedBytes: 37,
        message: `skipped 37 bytes that are not a record (records resume at offset ${before.length + 37})`,
      },
    ]);
    expect(summary.recordCounts.POS).toBe(2);
    expect(samples.filter((s) => s.kind === 'position').at(-1)?.values.altRelM).toBe(6);
  });

  it('reports a log cut off inside a record (a block boundary) and keeps every record before', async () => {
    const whole = modernLog().bytes();
    const cutAt = whole.length - 5; // inside the last record, EV (12 bytes)
    const { summary, events } = await decodeBytes(whole.subarray(0, cutAt));
    const evLength = recordLength(MODERN.EV.format);
    expect(summary.stats.truncatedRecord).toEqual({
      offset: whole.length - evLength,
      typeName: 'EV',
      bytesPresent: evLength - 5,
      lengthBytes: evLength,
    });
    expect(summary.stats.errors.map((e) => e.message)).toEqual([
      `the log ends inside a EV record: ${evLength - 5} of its ${evLength} bytes are present (the file was cut off)`,
    ]);
    expect(events.filter((e) => e.type === 'disarm')).toEqual([]);
    expect(events.filter((e) => e.type === 'arm')).toHaveLength(1);
  });

  it.each([
    ['an empty file', new Uint8Array(0), /^the log is empty \(0 bytes\)$/],
    [
      'a PNG named .bin',
      Uint8Array.from([
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
      ]),
      /^no DataFlash record in 16 bytes: the file starts with 89 50 4E 47 0D 0A 1A 0A, a DataFlash log starts with A3 95$/,
    ],
  ])('says clearly what is wrong with %s, and does not throw', async (_what, bytes, message) => {
    const { summary, samples, events } = await decodeBytes(bytes);
    expect(summary.stats.records).toBe(0);
    expect(summary.stats.errors.at(-1)?.message).toMatch(message);
    expect(summary.stats.errors.at(-1)?.offset).toBe(0);
    expect(samples).toEqual([]);
    expect(events).toEqual([]);
  });

  it('reports a file it cannot open as an error, without throwing', async () => {
    const summary = await decodeDataFlash(join(dir, 'missing.bin'), () => undefined);
    expect(summary.stats.errors[0]?.message).toMatch(/missing\.bin.*ENOENT/);
  });

  it('reads the same records whatever the chunk sizes', async () => {
    const seed = 4242;
    console.log(`dataflash chunks: seed ${seed}`);
    const random = seededRandom(seed);
    const bytes = new DataFlashWriter()
      .raw(modernLog().bytes())
      .raw(new Uint8Array([1, 2, 3]))
      .raw(modernLog().bytes())
      .bytes();
    const read = async (chunks: Uint8Array[]) => {
      const records: DecodedRecord[] = [];
      const parser = await scanDataFlash(
        (async function* () {
          yield* chunks;
        })(),
        (record) => records.push(decodeRecord(record)),
      );
      return { records, stats: parser.stats };
    };
    const whole = await read([bytes]);
    const chunks: Uint8Array[] = [];
    for (let at = 0; at < bytes.length;) {
      const size = randomInt(random, 1, 40);
      chunks.push(bytes.slice(at, at + size));
      at += size;
    }
    const chunked = await read(chunks);
    expect(whole.records.length).toBe(2 * (Object.keys(MODERN).length + 13));
    expect(chunked.records).toEqual(whole.records);
    expect(chunked.stats).toEqual(whole.stats);
  });

  it('never throws on damaged logs: every problem is one of the reader’s own sentences', async () => {
    const seed = 977;
    console.log(`dataflash damage: seed ${seed}`);
    const random = seededRandom(seed);
    const clean = new DataFlashWriter().raw(modernLog().bytes()).raw(modernLog().bytes()).bytes();
    const known =
      /^(skipped|the log ends inside|\S+ records cannot be decoded|no DataFlash record|the log is empty)/;
    for (let round = 0; round < 200; round++) {
      const bytes = clean.slice(0, randomInt(random, 0, clean.length));
      for (let k = randomInt(random, 1, 12); k > 0; k--) {
        bytes[randomInt(random, 0, Math.max(0, bytes.length - 1))] = randomInt(random, 0, 255);
      }
      const normaliser = new DataFlashNormaliser({
        firstBootUs: null,
        utcMinusBootUs: null,
        leapSeconds: null,
      });
      // A throw inside would land in the errors as its own message, which the check below refuses.
      const parser = await scanDataFlash(
        (async function* () {
          yield bytes;
        })(),
        (record) => {
          decodeRecord(record);
          normaliser.ingest(record);
        },
      );
      for (const error of parser.stats.errors) expect(error.message).toMatch(known);
    }
  });

  it('applies FMTU units and MULT multipliers to fields whose type has no scale of its own', () => {
    const UNIT = { type: 177, name: 'UNIT', format: 'QbZ', columns: ['TimeUS', 'Id', 'Label'] };
    const MULT = { type: 178, name: 'MULT', format: 'Qbd', columns: ['TimeUS', 'Id', 'Mult'] };
    const FMTU = {
      type: 179,
      name: 'FMTU',
      format: 'QBNN',
      columns: ['TimeUS', 'FmtType', 'UnitIds', 'MultIds'],
    };
    // As ArduCopter's CTUN: CRt in cm/s as int16 ('n' = m/s, 'B' = 1e-2); BAlt already centi ('e').
    const CTUN = { type: 4, name: 'CTUN', format: 'Qhe', columns: ['TimeUS', 'CRt', 'BAlt'] };
    const bytes = declareAll(new DataFlashWriter(), { UNIT, MULT, FMTU, CTUN })
      .record(UNIT, [1, 'n'.charCodeAt(0), 'm/s'])
      .record(UNIT, [1, 'm'.charCodeAt(0), 'm'])
      .record(MULT, [1, 'B'.charCodeAt(0), 0.01])
      .record(MULT, [1, '0'.charCodeAt(0), 1])
      .record(FMTU, [1, CTUN.type, 'snm', 'FBB'])
      .record(CTUN, [2, -150, 12.34])
      .bytes();
    const parser = new DataFlashParser();
    const read: { crtRaw: number; crtSi: number; baltSi: number; units: string[] }[] = [];
    parser.push(bytes, (r) => {
      if (r.format.name !== 'CTUN') return;
      read.push({
        crtRaw: r.format.number(r.view, r.at, 1),
        crtSi: r.format.si(r.view, r.at, 1),
        baltSi: r.format.si(r.view, r.at, 2),
        units: r.format.columns.map((c) => c.unit),
      });
    });
    parser.finish();
    expect(read).toEqual([{ crtRaw: -150, crtSi: -1.5, baltSi: 12.34, units: ['', 'm/s', 'm'] }]);
  });

  it('keeps records usable with the parser alone (FMT learned as it goes)', () => {
    const parser = new DataFlashParser();
    const names: string[] = [];
    parser.push(modernLog().bytes(), (r) => names.push(r.format.name));
    parser.finish();
    expect(names.slice(-3)).toEqual(['ERR', 'MODE', 'EV']);
    expect(parser.recordCounts()).toMatchObject({ FMT: Object.keys(MODERN).length, ERR: 2, EV: 2 });
  });
});

describe('DataFlash mode names', () => {
  it.each([
    // Mode numbers from ArduPilot's mode enums (as pymavlink's mode_mapping_* tables name them).
    ['ArduCopter V4.1.0 (cd6ddf7d)', 0, [5, 6, 16], ['LOITER', 'RTL', 'POSHOLD']],
    ['ArduPlane V4.1.0 (f8e0e91c)', 0, [5, 11, 0], ['FBWA', 'RTL', 'MANUAL']],
    ['ArduPlane V4.1.0 (f8e0e91c)', 1, [19, 21, 17], ['QLOITER', 'QRTL', 'QSTABILIZE']],
    ['ArduRover V4.1.0 (aabbccdd)', 0, [4, 10, 11], ['HOLD', 'AUTO', 'RTL']],
    ['ArduSub V4.1.0 (89639005)', 0, [19, 2, 16], ['MANUAL', 'ALT_HOLD', 'POSHOLD']],
  ])(
    'names the modes of %s (Q_ENABLE %i) with its own table',
    async (banner, qEnable, numbers, names) => {
      const w = declareAll(new DataFlashWriter(), MODERN)
        .record(MODERN.PARM, [100, 'Q_ENABLE', qEnable])
        .record(MODERN.MSG, [200, banner]);
      numbers.forEach((n, i) => w.record(MODERN.MODE, [1000 * (i + 1), n, n, 0]));
      const { events } = await decodeBytes(w.bytes());
      expect(events.filter((e) => e.type === 'mode-change').map((e) => e.data.toMode)).toEqual(
        names,
      );
    },
  );
});

describe('GPS time to UTC', () => {
  it.each([
    // GPS − UTC from IERS Bulletin C: 16 s from 2012-07-01, 17 s from 2015-07-01, 18 s from 2017-01-01.
    ['2014-10-19T01:04:30.000Z', 16],
    ['2016-12-31T23:59:59.000Z', 17],
    ['2017-01-01T00:00:00.000Z', 18],
    ['2020-12-23T09:26:23.500Z', 18],
    ['1980-01-06T00:00:00.000Z', 0],
  ])('converts the GPS time of %s with %i leap seconds', (utc, leap) => {
    const gps = gpsOf(utc, leap);
    expect(new Date(gpsToUnixUs(gps.week, gps.ms) / 1000).toISOString()).toBe(utc);
  });
});
