import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../server/db/connectDatabase.js';
import {
  findFlightStorage,
  flightStorageCollection,
} from '../../../server/store/flights/flightStorage.js';
import {
  backfillOverviews,
  OverviewBackfill,
} from '../../../server/store/flights/overviewBackfill.js';
import { readKindFromOverview } from '../../../server/store/flights/readKindFromOverview.js';
import { readSeries, type ChannelSeries } from '../../../server/store/flights/readSeries.js';
import {
  overviewCollection,
  type TelemetryOverviewDocument,
} from '../../../server/store/flights/telemetryOverview.js';
import { DEFAULT_INGEST_SETTINGS } from '../../../server/ingest/ingestSettings.js';
import { LinkCompactor } from '../../../server/ingest/linkCompactor.js';
import { getModels, syncModelIndexes } from '../../../server/store/models/models.js';
import type { AnySample } from '../../../telemetry/model/sample.js';
import { openTestDatabase, silentLogger } from '../../support/testDatabase.js';

const T0_US = 1_780_000_000_000_000;
const S = 1e6;
/** 10 Hz for 640 s: 64 position buckets of 10 s, so three overview pages (30, 30 and 4). */
const FLIGHT_S = 640;
const SPIKE_S = 123.4;
const SPIKE_M = 999;

function heartbeat(tUs: number, armed: boolean): AnySample {
  const values = { armed: armed ? 1 : 0, baseMode: 1, customMode: 0, systemStatus: 4 };
  return {
    kind: 'heartbeat',
    tUs,
    bootMs: null,
    sysId: 1,
    compId: 1,
    values: { ...values, mavType: 2, autopilot: 12 },
  };
}

/** A smooth climb and descent with one spike, and a speed unknown for the first minute. */
function position(tUs: number, s: number): AnySample {
  const altRelM = s === SPIKE_S ? SPIKE_M : 50 + 40 * Math.sin(s / 60);
  return {
    kind: 'position',
    tUs,
    bootMs: null,
    sysId: 1,
    compId: 1,
    values: {
      latDeg: 37.5 + s * 1e-6,
      lonDeg: 127,
      altMslM: 60 + altRelM,
      altRelM,
      vnMps: s < 60 ? null : Math.cos(s / 30),
      veMps: 0,
      vdMps: 0,
      headingDeg: 90,
    },
  };
}

/**
 * Stores a flight through the real compactor in 10-s batches: armed throughout, then (when
 * `land`) disarmed and 20 s more of heartbeats, so the flight closes. With `restartAtS`, that
 * compactor stops there and a new one carries on from the stored state, as when the ground-link
 * reconnects.
 */
async function storeFlight(
  database: Database,
  linkId: string,
  options: { land: boolean; restartAtS?: number },
): Promise<string> {
  const startCompactor = async () => {
    const started = new LinkCompactor({
      connection: database.connection,
      linkId,
      apiKeyId: 'test',
      rangeId: null,
      settings: { ...DEFAULT_INGEST_SETTINGS, summaryIntervalS: 60 },
      logger: silentLogger,
      instanceId: 'test',
    });
    await started.start();
    return started;
  };
  let compactor = await startCompactor();
  const endS = options.land ? FLIGHT_S + 20 : FLIGHT_S;
  for (let batchS = 0; batchS < endS; batchS += 10) {
    if (batchS === options.restartAtS) {
      await compactor.idle();
      await compactor.stop();
      compactor = await startCompactor();
    }
    const samples: AnySample[] = [];
    for (let i = 0; i < 100; i++) {
      const s = Math.round((batchS + i / 10) * 10) / 10;
      const tUs = T0_US + s * S;
      if (i % 10 === 0) samples.push(heartbeat(tUs, s < FLIGHT_S));
      if (s < FLIGHT_S) samples.push(position(tUs + 1, s));
    }
    const batch = {
      seq: batchS / 10,
      samples,
      events: [],
      linkStats: [],
      rawTlog: new Uint8Array(0),
    };
    compactor.enqueue(batch, []);
  }
  await compactor.idle();
  await compactor.stop();
  const flight = await getModels(database.connection).Flight.findOne({ linkId }).lean();
  return flight!._id.toHexString();
}

async function overviewPagesOf(
  database: Database,
  flightIds: string[],
): Promise<TelemetryOverviewDocument[]> {
  const pages: TelemetryOverviewDocument[] = [];
  for (const kind of ['position', 'heartbeat'] as const) {
    const found = await overviewCollection(database.connection.db!, kind)
      .find({ flightId: { $in: flightIds } })
      .toArray();
    pages.push(...found);
  }
  return pages.sort((a, b) => a._id.localeCompare(b._id));
}

function channel(series: { series: ChannelSeries[] } | null, name: string): ChannelSeries {
  const found = series?.series.find((s) => s.channel === name);
  if (!found) throw new Error(`no series ${name}`);
  return found;
}

/** Every point is a stored sample: its time is one of the full read's, with that value. */
function expectRealSamples(shown: ChannelSeries, full: ChannelSeries) {
  const valueAt = new Map(full.tUs.map((t, i) => [t, full.values[i]]));
  shown.tUs.forEach((t, i) => expect(valueAt.get(t)).toBe(shown.values[i]));
}

describe('downsampled reads from the stored overview', () => {
  let database: Database;
  let landed: string;
  let flying: string;
  let restarted: string;
  /** Every overview page of the landed flights as ingest stored them, before tests remove some. */
  let storedPages: TelemetryOverviewDocument[];

  beforeAll(async () => {
    database = await openTestDatabase('overviewReads');
    await syncModelIndexes(database.connection);
    landed = await storeFlight(database, 'overview-landed', { land: true });
    flying = await storeFlight(database, 'overview-flying', { land: false });
    restarted = await storeFlight(database, 'overview-restarted', { land: true, restartAtS: 150 });
    storedPages = await overviewPagesOf(database, [landed, restarted]);
  });
  afterAll(async () => {
    await database?.close();
  });

  it("reads a landed flight's bucket times back as they were sealed", async () => {
    const storage = await findFlightStorage(database.connection.db!, {
      flightId: landed,
      linkId: 'overview-landed',
      sysId: 1,
    });

    const t0s = storage?.index.kinds.position?.t0s ?? [];
    expect(t0s).toHaveLength(64);
    expect(t0s.slice(0, 2)).toEqual([T0_US + 1, T0_US + 10 * S + 1]);
    expect(storage?.index.kinds.position?.t1s[63]).toBe(T0_US + (FLIGHT_S - 0.1) * S + 1);
  });

  it('reads a landed flight from its overview: same span, the spike, the full count', async () => {
    const storage = await findFlightStorage(database.connection.db!, {
      flightId: landed,
      linkId: 'overview-landed',
      sysId: 1,
    });
    const whole = { fromUs: -Infinity, toUs: Infinity };
    const fromOverview = await readKindFromOverview(
      database.connection.db!,
      landed,
      'position',
      ['altRelM'],
      whole,
      storage!,
      200,
    );
    const full = channel(
      await readSeries(database.connection, landed, { channels: ['altRelM'] }),
      'altRelM',
    );
    const minmax = channel(
      await readSeries(database.connection, landed, {
        channels: ['altRelM'],
        maxPoints: 200,
        downsampling: 'minmax',
      }),
      'altRelM',
    );

    // 64 buckets of 100 samples give at most 18 points each: the overview, not every sample.
    const overviewPoints = fromOverview?.points[0]?.tUs.length ?? 0;
    expect(overviewPoints).toBeGreaterThan(200);
    expect(overviewPoints).toBeLessThanOrEqual(64 * 18);
    expect(fromOverview?.totalSamples).toBe(6400);
    expect(minmax.totalPoints).toBe(full.totalPoints);
    expect(minmax.tUs.length).toBeLessThanOrEqual(200);
    expect(minmax.tUs[0]).toBe(full.tUs[0]);
    expect(minmax.tUs.at(-1)).toBe(full.tUs.at(-1));
    expect(Math.max(...(minmax.values as number[]))).toBe(SPIKE_M);
    expect(Math.min(...(minmax.values as number[]))).toBe(Math.min(...(full.values as number[])));
    expectRealSamples(minmax, full);
  });

  it('keeps the spike and the ends with LTTB too, and leaves out unknown values', async () => {
    const series = await readSeries(database.connection, landed, {
      channels: ['altRelM', 'vnMps'],
      maxPoints: 300,
    });
    const full = await readSeries(database.connection, landed, { channels: ['altRelM', 'vnMps'] });

    const altitude = channel(series, 'altRelM');
    expect(altitude.tUs).toHaveLength(300);
    expect(altitude.values).toContain(SPIKE_M);
    expect(altitude.tUs[0]).toBe(channel(full, 'altRelM').tUs[0]);
    const speed = channel(series, 'vnMps');
    expect(speed.totalPoints).toBe(6400);
    expect(speed.values).not.toContain(null);
    expect(speed.tUs[0]).toBe(T0_US + 60 * S + 1);
    expectRealSamples(speed, channel(full, 'vnMps'));
  });

  it('reads a zoomed-in window at full resolution from the buckets', async () => {
    const window = { fromUs: 100 * S, toUs: 130 * S };
    const zoomed = await readSeries(database.connection, landed, {
      channels: ['altRelM'],
      ...window,
      maxPoints: 2000,
    });
    const full = await readSeries(database.connection, landed, {
      channels: ['altRelM'],
      ...window,
    });

    expect(channel(zoomed, 'altRelM').tUs).toEqual(channel(full, 'altRelM').tUs);
    expect(channel(zoomed, 'altRelM').tUs).toHaveLength(300);
    expect(channel(zoomed, 'altRelM').values).toContain(SPIKE_M);
  });

  it('reads the buckets a window cuts whole, so its ends and count match a full read', async () => {
    const window = { fromUs: 33.35 * S, toUs: 607.15 * S };
    const series = await readSeries(database.connection, landed, {
      channels: ['altRelM'],
      ...window,
      maxPoints: 100,
      downsampling: 'minmax',
    });
    const full = channel(
      await readSeries(database.connection, landed, { channels: ['altRelM'], ...window }),
      'altRelM',
    );

    const altitude = channel(series, 'altRelM');
    expect(altitude.totalPoints).toBe(full.tUs.length);
    expect(altitude.tUs[0]).toBe(full.tUs[0]);
    expect(altitude.tUs.at(-1)).toBe(full.tUs.at(-1));
    expect(altitude.values).toContain(SPIKE_M);
  });

  it('reads a flight still flying from its stored pages, and its newest buckets from the samples', async () => {
    // Pages 0 and 1 are stored; page 2 (buckets 60 to 62) is still being filled.
    const pages = await overviewCollection(database.connection.db!, 'position')
      .find({ flightId: flying, kind: 'position' })
      .toArray();
    expect(pages.map((page) => page.page).sort()).toEqual([0, 1]);
    const series = await readSeries(database.connection, flying, {
      channels: ['altRelM'],
      maxPoints: 200,
      downsampling: 'minmax',
    });
    const full = channel(
      await readSeries(database.connection, flying, { channels: ['altRelM'] }),
      'altRelM',
    );

    const altitude = channel(series, 'altRelM');
    expect(altitude.totalPoints).toBe(full.tUs.length);
    expect(altitude.tUs[0]).toBe(full.tUs[0]);
    expect(altitude.tUs.at(-1)).toBe(full.tUs.at(-1));
    expect(altitude.values).toContain(SPIKE_M);
    expectRealSamples(altitude, full);
  });

  it('reads a flight whose link reconnected mid-page from its overview, every sample once', async () => {
    const storage = await findFlightStorage(database.connection.db!, {
      flightId: restarted,
      linkId: 'overview-restarted',
      sysId: 1,
    });
    const fromOverview = await readKindFromOverview(
      database.connection.db!,
      restarted,
      'position',
      ['altRelM'],
      { fromUs: -Infinity, toUs: Infinity },
      storage!,
      200,
    );
    const full = channel(
      await readSeries(database.connection, restarted, { channels: ['altRelM'] }),
      'altRelM',
    );
    const shown = channel(
      await readSeries(database.connection, restarted, {
        channels: ['altRelM'],
        maxPoints: 200,
        downsampling: 'minmax',
      }),
      'altRelM',
    );

    // The new compactor went on filling the page the old one began: the overview still
    // holds every bucket (at most 18 points each), and counts every sample once.
    expect(fromOverview?.points[0]?.tUs.length).toBeGreaterThan(200);
    expect(fromOverview?.points[0]?.tUs.length).toBeLessThanOrEqual(64 * 18);
    expect(fromOverview?.totalSamples).toBe(FLIGHT_S * 10);
    expect(shown.totalPoints).toBe(full.totalPoints);
    expect(Math.max(...(shown.values as number[]))).toBe(SPIKE_M);
    expectRealSamples(shown, full);
  });

  it('reads the buckets of a lost page (a restart mid-page) from the samples', async () => {
    const db = database.connection.db!;
    await overviewCollection(db, 'position').deleteOne({ _id: `${restarted}:position:00000` });
    const series = await readSeries(database.connection, restarted, {
      channels: ['altRelM'],
      maxPoints: 200,
      downsampling: 'minmax',
    });
    const full = channel(
      await readSeries(database.connection, restarted, { channels: ['altRelM'] }),
      'altRelM',
    );

    // The spike (at 123.4 s, bucket 12) is in the lost page: it comes from the bucket itself.
    const altitude = channel(series, 'altRelM');
    expect(altitude.totalPoints).toBe(full.tUs.length);
    expect(altitude.tUs[0]).toBe(full.tUs[0]);
    expect(altitude.tUs.at(-1)).toBe(full.tUs.at(-1));
    expect(altitude.values).toContain(SPIKE_M);
    expectRealSamples(altitude, full);
  });

  it('reads a flight stored without an overview from its buckets', async () => {
    const before = await readSeries(database.connection, landed, {
      channels: ['altRelM'],
      maxPoints: 200,
    });
    for (const kind of ['position', 'heartbeat'] as const) {
      await overviewCollection(database.connection.db!, kind).deleteMany({ flightId: landed });
    }
    const after = await readSeries(database.connection, landed, {
      channels: ['altRelM'],
      maxPoints: 200,
    });
    const full = channel(
      await readSeries(database.connection, landed, { channels: ['altRelM'] }),
      'altRelM',
    );

    const altitude = channel(after, 'altRelM');
    expect(altitude.totalPoints).toBe(channel(before, 'altRelM').totalPoints);
    expect(altitude.tUs).toHaveLength(200);
    expect(altitude.tUs[0]).toBe(full.tUs[0]);
    expect(altitude.values).toContain(SPIKE_M);
    expectRealSamples(altitude, full);
  });

  it('rebuilds the pages a flight stored without an overview, or a lost page, lacks and marks both checked', async () => {
    const db = database.connection.db!;
    // By now the landed flight has no pages and the restarted one lacks its first.
    expect(await overviewPagesOf(database, [landed])).toEqual([]);

    const run = await backfillOverviews(db, silentLogger);

    expect(run.flights).toBe(2);
    expect(run.pages).toBe(storedPages.filter((page) => page.flightId === landed).length + 1);
    expect(await overviewPagesOf(database, [landed, restarted])).toEqual(storedPages);
    const checked = await flightStorageCollection(db)
      .find({ _id: { $in: [landed, restarted] } })
      .toArray();
    expect(checked.map((document) => document.overviewComplete)).toEqual([true, true]);
    expect(await backfillOverviews(db, silentLogger)).toEqual({ flights: 0, pages: 0 });
  });

  it('runs the backfill on its own soon after start, and stops between runs', async () => {
    const db = database.connection.db!;
    for (const kind of ['position', 'heartbeat'] as const) {
      await overviewCollection(db, kind).deleteMany({ flightId: landed });
    }
    await flightStorageCollection(db).updateOne(
      { _id: landed },
      { $unset: { overviewComplete: '' } },
    );

    const job = new OverviewBackfill(() => db, silentLogger, 50, 60_000);
    job.start();
    const deadline = Date.now() + 10_000;
    while ((await overviewPagesOf(database, [landed])).length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await job.stop();

    expect(await overviewPagesOf(database, [landed])).toEqual(
      storedPages.filter((page) => page.flightId === landed),
    );
  });
});
