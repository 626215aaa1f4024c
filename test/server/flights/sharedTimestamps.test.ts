import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSeries } from '../../../server/store/flights/readSeries.js';
import { BUCKET_MAX_SAMPLES } from '../../../server/store/flights/telemetryBuckets.js';
import { getModels } from '../../../server/store/models/models.js';
import { IngestHarness } from '../ingest/ingestHarness.js';
import { ScriptedLink, ScriptedVehicle } from '../ingest/scriptedVehicle.js';

const T0_US = 1_780_000_000_000_000;
/** Frames per serial read: each read's frames carry the one time the read was stamped with. */
const FRAMES_PER_READ = 7;
const READS = 100;
const READ_INTERVAL_US = 350_000;
const POSITIONS = FRAMES_PER_READ * READS;

describe('samples that share a receive time', () => {
  let harness: IngestHarness;
  let flightId: string;
  /** What was sent: per position sample, its stamped time and its altitude. */
  const sent: { tUs: number; altRelM: number }[] = [];

  beforeAll(async () => {
    harness = await IngestHarness.start('sharedTimestamps');
    const vehicle = new ScriptedVehicle(61);
    const link = new ScriptedLink('shared-time-link');
    const { socket } = await harness.connectLink('shared-time-link');
    for (let read = 0; read < READS; read += 10) {
      const frames: { tUs: number; bytes: Uint8Array }[] = [];
      for (let r = read; r < read + 10; r++) {
        const stampUs = T0_US + r * READ_INTERVAL_US;
        for (let i = 0; i < FRAMES_PER_READ; i++) {
          const n = r * FRAMES_PER_READ + i;
          const altRelM = n / 10;
          // Armed for all but the last reads, so the flight is listed, then lands.
          const armed = r < READS - 5;
          const instant = { armed, latDeg: 37.5, lonDeg: 127, altRelM };
          for (const frame of vehicle.frames(stampUs + i, instant)) {
            frames.push({ tUs: stampUs, bytes: frame.bytes });
          }
          sent.push({ tUs: stampUs, altRelM });
        }
      }
      expect((await harness.send(socket, link.batch(frames))).ok).toBe(true);
    }
    await harness.settle();
    const Flight = getModels(harness.database.connection).Flight;
    const until = Date.now() + 15_000;
    while ((await Flight.findOne({ linkId: 'shared-time-link' }).lean())?.status !== 'landed') {
      if (Date.now() > until) throw new Error('the flight did not land');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const flight = await Flight.findOne({ linkId: 'shared-time-link' }).lean();
    flightId = flight!._id.toHexString();
  });
  afterAll(async () => {
    await harness?.stop();
  });

  it('keeps every sample of a serial read, across a bucket boundary, in the order received', async () => {
    // 700 positions: the first bucket fills (600) in the middle of a read's seven.
    expect(POSITIONS % FRAMES_PER_READ).toBe(0);
    expect(BUCKET_MAX_SAMPLES % FRAMES_PER_READ).not.toBe(0);
    const series = await readSeries(harness.database.connection, flightId, {
      channels: ['altRelM'],
    });
    const altitude = series!.series[0]!;
    expect(altitude.totalPoints).toBe(POSITIONS);
    expect(altitude.tUs).toEqual(sent.map((s) => s.tUs));
    expect(altitude.values.map((v) => Math.round((v as number) * 10) / 10)).toEqual(
      sent.map((s) => s.altRelM),
    );
  });

  it('counts every shared-time sample in a downsampled read of the landed flight', async () => {
    for (const downsampling of ['lttb', 'minmax'] as const) {
      const series = await readSeries(harness.database.connection, flightId, {
        channels: ['altRelM'],
        maxPoints: 20,
        downsampling,
      });
      const altitude = series!.series[0]!;
      expect(altitude.totalPoints).toBe(POSITIONS);
      expect(altitude.tUs.length).toBeLessThanOrEqual(20);
      // The climb's ends survive downsampling.
      expect(Math.min(...(altitude.values as number[]))).toBeCloseTo(0, 1);
      expect(Math.max(...(altitude.values as number[]))).toBeCloseTo((POSITIONS - 1) / 10, 1);
    }
  });
});
