import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Spool } from '../../ground-link/uplink/spool.js';
import { UplinkClient } from '../../ground-link/uplink/uplinkClient.js';
import { readSeries } from '../../server/store/flights/readSeries.js';
import { getModels } from '../../server/store/models/models.js';
import { INGEST_NAMESPACE, type IngestAck } from '../../telemetry/contract/ingest.js';
import { IngestHarness } from '../server/ingest/ingestHarness.js';
import { framesOver, ScriptedLink, ScriptedVehicle } from '../server/ingest/scriptedVehicle.js';
import { tempDirForFile } from './support/tempDir.js';

const dir = tempDirForFile('uplink-window');
const T0_US = 1_780_000_000_000_000;
const STEP_US = 200_000;
const SAMPLES_PER_BATCH = 5;
const BATCHES = 24;
/** Armed on the pad: a vehicle that never arms makes no flight to read back. */
const armedOnPad = { armed: true, latDeg: 37.5, lonDeg: 127.0, altRelM: 0 };

describe('UplinkClient window against the real server', () => {
  let harness: IngestHarness;

  beforeAll(async () => {
    harness = await IngestHarness.start('uplinkWindow');
  });
  afterAll(async () => {
    await harness?.stop();
  });

  it('keeps several batches in flight and, after an ack is lost, stores every sample exactly once', async () => {
    const linkId = 'window-link';
    const spool = await Spool.open(join(dir, 'lost-ack'), 64 * 1024 * 1024);
    const vehicle = new ScriptedVehicle(41);
    const link = new ScriptedLink(linkId);
    for (let i = 0; i < BATCHES; i++) {
      const batch = link.batch(
        framesOver([vehicle], T0_US + i * 1e6, T0_US + (i + 1) * 1e6, STEP_US, () => armedOnPad),
      );
      expect(spool.takeSeq()).toBe(batch.seq);
      await spool.append(batch);
    }
    // The server stores every batch but the answer for seq 9 is lost once on the way back,
    // as when a connection drops after the write; it also counts batches awaiting answers.
    let awaitingAnswer = 0;
    let mostAwaitingAnswer = 0;
    let lostAckSeq: number | null = null;
    harness.hubs.io.of(INGEST_NAMESPACE).on('connection', (socket) => {
      socket.use((packet, next) => {
        const ack: unknown = packet[2];
        if (packet[0] === 'batch' && typeof ack === 'function') {
          mostAwaitingAnswer = Math.max(mostAwaitingAnswer, ++awaitingAnswer);
          packet[2] = (answer: IngestAck) => {
            awaitingAnswer--;
            if (lostAckSeq === null && answer.seq === 9) lostAckSeq = answer.seq;
            else (ack as (answer: IngestAck) => void)(answer);
          };
        }
        next();
      });
    });

    const client = new UplinkClient({
      serverUrl: harness.url,
      apiKey: harness.apiKey,
      linkId,
      spool,
      logger: pino({ level: 'silent' }),
      ackTimeoutMs: 1_000,
      maxInFlightBatches: 4,
    });
    client.start();
    const drained = await client.drain(30_000);
    client.stop();
    await harness.settle();

    expect(drained).toBe(true);
    expect(lostAckSeq).toBe(9);
    expect(mostAwaitingAnswer).toBeGreaterThan(1);
    expect(client.lastAckedSeq).toBe(BATCHES - 1);
    expect(spool.pending).toHaveLength(0);
    const flight = await getModels(harness.database.connection).Flight.findOne({ linkId }).lean();
    const series = await readSeries(harness.database.connection, flight!._id.toHexString(), {
      channels: ['latDeg'],
    });
    const times = series?.series[0]?.tUs ?? [];
    expect(times).toHaveLength(BATCHES * SAMPLES_PER_BATCH);
    expect(new Set(times).size).toBe(times.length);
  });
});
