import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Spool } from '../../ground-link/uplink/spool.js';
import { UplinkClient } from '../../ground-link/uplink/uplinkClient.js';
import { readSeries } from '../../server/store/flights/readSeries.js';
import { attachSocketHubs } from '../../server/live/attachSocketHubs.js';
import { getModels } from '../../server/store/models/models.js';
import { silentLogger } from '../support/testDatabase.js';
import { freePort } from '../support/redisServer.js';
import { IngestHarness, TEST_SETTINGS } from '../server/ingest/ingestHarness.js';
import { framesOver, ScriptedLink, ScriptedVehicle } from '../server/ingest/scriptedVehicle.js';
import { tempDirForFile } from './support/tempDir.js';

const dir = tempDirForFile('uplink-failover');
const T0_US = 1_780_000_000_000_000;
const STEP_US = 200_000;
/** framesOver gives one sample per step: 5 a second. */
const SAMPLES_PER_BATCH = 5;
const armedOnPad = { armed: true, latDeg: 37.5, lonDeg: 127.0, altRelM: 0 };

/** Another Sortie server instance on the harness's database. */
async function startOtherInstance(harness: IngestHarness) {
  const httpServer: HttpServer = createServer();
  const hubs = await attachSocketHubs(httpServer, {
    connection: harness.database.connection,
    logger: silentLogger,
    settings: TEST_SETTINGS,
  });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`,
    hubs,
    async close() {
      await hubs.close();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    },
  };
}

async function spoolBatches(spool: Spool, link: ScriptedLink, from: number, to: number) {
  const vehicle = new ScriptedVehicle(7);
  for (let i = from; i < to; i++) {
    const frames = framesOver(
      [vehicle],
      T0_US + i * 1e6,
      T0_US + (i + 1) * 1e6,
      STEP_US,
      () => armedOnPad,
    );
    const batch = link.batch(frames);
    expect(spool.takeSeq()).toBe(batch.seq);
    await spool.append(batch);
  }
}

async function storedTimes(harness: IngestHarness, linkId: string): Promise<number[]> {
  const flights = await getModels(harness.database.connection).Flight.find({ linkId }).lean();
  expect(flights).toHaveLength(1);
  const series = await readSeries(harness.database.connection, flights[0]!._id.toHexString(), {
    channels: ['latDeg'],
  });
  return series?.series[0]?.tUs ?? [];
}

describe('UplinkClient with several server instances', () => {
  let harness: IngestHarness;

  beforeAll(async () => {
    harness = await IngestHarness.start('uplinkFailover');
  });
  afterAll(async () => {
    await harness?.stop();
  });

  it('skips a server that does not answer and sends to the next one', async () => {
    const linkId = 'failover-dead-first';
    const spool = await Spool.open(join(dir, 'dead-first'), 64 * 1024 * 1024);
    const link = new ScriptedLink(linkId);
    await spoolBatches(spool, link, 0, 6);
    const client = new UplinkClient({
      serverUrl: `http://127.0.0.1:${await freePort()}, ${harness.url}`,
      apiKey: harness.apiKey,
      linkId,
      spool,
      logger: pino({ level: 'silent' }),
    });
    client.start();
    const drained = await client.drain(20_000);
    client.stop();
    await harness.settle();
    expect(drained).toBe(true);
    expect(await storedTimes(harness, linkId)).toHaveLength(6 * SAMPLES_PER_BATCH);
  });

  it('moves to the next instance when its server shuts down mid-flight, one flight, every sample once', async () => {
    const linkId = 'failover-mid-flight';
    const other = await startOtherInstance(harness);
    const spool = await Spool.open(join(dir, 'mid-flight'), 64 * 1024 * 1024);
    const link = new ScriptedLink(linkId);
    const client = new UplinkClient({
      serverUrl: `${other.url},${harness.url}`,
      apiKey: harness.apiKey,
      linkId,
      spool,
      logger: pino({ level: 'silent' }),
    });
    client.start();
    await spoolBatches(spool, link, 0, 10);
    client.notify();
    expect(await client.drain(20_000)).toBe(true);
    await Promise.all(other.hubs.registry.compactors().map((compactor) => compactor.idle()));
    expect(other.hubs.registry.has(linkId)).toBe(true);

    // The first instance goes away; what is spooled meanwhile reaches the second.
    await other.close();
    await spoolBatches(spool, link, 10, 20);
    client.notify();
    expect(await client.drain(20_000)).toBe(true);
    client.stop();
    await harness.settle();

    expect(client.lastAckedSeq).toBe(19);
    const times = await storedTimes(harness, linkId);
    expect(times).toHaveLength(20 * SAMPLES_PER_BATCH);
    expect(new Set(times).size).toBe(times.length);
  });
});
