import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SeriesRequestError } from '../../../server/store/flights/flightDataErrors.js';
import { listEvents } from '../../../server/store/flights/listEvents.js';
import { openRawTlogStream } from '../../../server/store/flights/openRawTlogStream.js';
import { readSeries } from '../../../server/store/flights/readSeries.js';
import { getModels } from '../../../server/store/models/models.js';
import { IngestHarness } from '../ingest/ingestHarness.js';
import { framesOver, ScriptedLink, ScriptedVehicle } from '../ingest/scriptedVehicle.js';

const T0_US = 1_780_000_000_000_000;
const S = 1e6;

describe('reading a stored flight', () => {
  let harness: IngestHarness;
  let flightId: string;

  beforeAll(async () => {
    harness = await IngestHarness.start('readSeries');
    const vehicle = new ScriptedVehicle(51);
    const link = new ScriptedLink('series-link');
    const { socket } = await harness.connectLink('series-link');
    // 60 s at 20 Hz, armed from 5 s: the altitude climbs 1 m a second once armed.
    const at = (tUs: number) => {
      const s = (tUs - T0_US) / S;
      return { armed: s >= 5, latDeg: 37.5, lonDeg: 127, altRelM: s >= 5 ? s - 5 : 0 };
    };
    for (let s = 0; s < 60; s += 5) {
      const frames = framesOver([vehicle], T0_US + s * S, T0_US + (s + 5) * S, S / 20, at);
      expect((await harness.send(socket, link.batch(frames))).ok).toBe(true);
    }
    await harness.settle();
    const flight = await getModels(harness.database.connection)
      .Flight.findOne({ linkId: 'series-link' })
      .lean();
    flightId = flight!._id.toHexString();
  });
  afterAll(async () => {
    await harness?.stop();
  });

  it('gives every sample of a window at full resolution, times relative to the flight start', async () => {
    const series = await readSeries(harness.database.connection, flightId, {
      channels: ['altRelM'],
      fromUs: 10 * S,
      toUs: 20 * S,
    });

    const altitude = series!.series[0]!;
    expect(series?.downsampling).toBe('none');
    expect(altitude.tUs).toHaveLength(200);
    expect(altitude.tUs[0]).toBe(T0_US + 10 * S + 1);
    expect(altitude.values[0]).toBeCloseTo(5, 6);
  });

  it('downsamples each channel to maxPoints across sealed and open buckets', async () => {
    const series = await readSeries(harness.database.connection, flightId, {
      channels: ['altRelM', 'armed'],
      maxPoints: 100,
    });

    expect(series?.downsampling).toBe('lttb');
    expect(series?.series.map((s) => s.channel)).toEqual(['altRelM', 'armed']);
    expect(series?.series[0]?.totalPoints).toBe(1200);
    expect(series?.series[0]?.tUs).toHaveLength(100);
    expect(series?.series[0]?.values.at(-1)).toBeCloseTo(60 - 5 - 1 / 20, 6);
  });

  it('names an unknown channel, and answers null for an unknown flight', async () => {
    await expect(
      readSeries(harness.database.connection, flightId, { channels: ['altRelM', 'warpFactor'] }),
    ).rejects.toThrow(new SeriesRequestError('channels: unknown channel "warpFactor"', 'channels'));
    expect(
      await readSeries(harness.database.connection, '0123456789abcdef01234567', {
        channels: ['altRelM'],
      }),
    ).toBeNull();
    expect(await listEvents(harness.database.connection, '0123456789abcdef01234567')).toBeNull();
    expect(await openRawTlogStream(harness.database.connection, 'not-an-id')).toBeNull();
  });

  it('lists the arm event the link reported', async () => {
    const events = await listEvents(harness.database.connection, flightId);

    const arm = events?.find((event) => event.type === 'arm');
    expect(arm?.tUs).toBe(T0_US + 5 * S);
    expect(arm?.origin).toBe('link');
  });
});
