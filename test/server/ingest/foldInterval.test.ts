import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSeries } from '../../../server/store/flights/readSeries.js';
import { getModels } from '../../../server/store/models/models.js';
import { IngestHarness, TEST_SETTINGS } from './ingestHarness.js';
import { framesOver, ScriptedLink, ScriptedVehicle } from './scriptedVehicle.js';

const T0_US = 1_784_000_000_000_000;
const BATCHES = 12;
/** Armed on the pad: a vehicle that never arms makes no flight to read back. */
const armedOnPad = { armed: true, latDeg: 37.5, lonDeg: 127.0, altRelM: 0 };

describe('paced compaction', () => {
  let harness: IngestHarness;

  beforeAll(async () => {
    harness = await IngestHarness.start('foldInterval', { ...TEST_SETTINGS, foldIntervalS: 0.5 });
  });
  afterAll(async () => {
    await harness?.stop();
  });

  it('folds what arrives within the fold interval in one pass, and all of it', async () => {
    const vehicle = new ScriptedVehicle(9);
    const link = new ScriptedLink('paced-link');
    const { socket } = await harness.connectLink('paced-link');
    const startedMs = performance.now();
    for (let i = 0; i < BATCHES; i++) {
      const batch = link.batch(
        framesOver([vehicle], T0_US + i * 1e6, T0_US + (i + 1) * 1e6, 200_000, () => armedOnPad),
      );
      expect((await harness.send(socket, batch)).ok).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
    const sendingS = (performance.now() - startedMs) / 1000;
    await harness.settle();

    // One pass at the first batch, then at most one per half second of sending.
    const { passes } = harness.hubs.registry.compactors()[0]!;
    expect(passes).toBeLessThanOrEqual(1 + Math.ceil(sendingS / 0.5));
    const flight = await getModels(harness.database.connection)
      .Flight.findOne({ linkId: 'paced-link' })
      .lean();
    const series = await readSeries(harness.database.connection, flight!._id.toHexString(), {
      channels: ['latDeg'],
    });
    expect(series?.series[0]?.tUs).toHaveLength(BATCHES * 5);
  });
});
