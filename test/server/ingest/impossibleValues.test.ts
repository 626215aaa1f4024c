import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSeries } from '../../../server/store/flights/readSeries.js';
import { getModels } from '../../../server/store/models/models.js';
import { IngestHarness } from './ingestHarness.js';
import { framesOver, ScriptedLink, ScriptedVehicle } from './scriptedVehicle.js';

const T0_US = 1_785_000_000_000_000;
const STEP_US = 200_000;
// Armed on the pad: a flight is listed once its vehicle arms.
const ground = { armed: true, latDeg: 37.5, lonDeg: 127.0, altRelM: 0 };

/**
 * A batch carrying impossible values (a latitude of 1e300, an altitude of 1e15 m, samples dated
 * 1970 and 2255) keeps everything else: the impossible values are unknown, the misdated samples
 * left out, and each counted by reason. Expected values: the batch's own samples.
 */
describe('/ingest with impossible values', () => {
  let harness: IngestHarness;

  beforeAll(async () => {
    harness = await IngestHarness.start('impossibleValues');
  });
  afterAll(async () => {
    await harness?.stop();
  });

  it('stores the rest of a batch whose values are impossible, counting each by reason', async () => {
    const vehicle = new ScriptedVehicle(31);
    const link = new ScriptedLink('absurd-link');
    const { socket } = await harness.connectLink('absurd-link');
    const batch = link.batch(framesOver([vehicle], T0_US, T0_US + 2e6, STEP_US, () => ground));
    const positions = batch.samples.filter((sample) => sample.kind === 'position') as {
      tUs: number;
      values: Record<string, number | null>;
    }[];
    expect(positions.length).toBeGreaterThanOrEqual(8);
    positions[1]!.values.latDeg = 1e300;
    positions[2]!.values.altRelM = 1e15;
    positions[3]!.tUs = 0; // 1970
    positions[4]!.tUs = 9_000_000_000_000_000; // 2255

    const ack = await harness.send(socket, batch);
    await harness.settle();

    expect(ack).toEqual({ ok: true, seq: 0, duplicate: false });
    const [flight] = await getModels(harness.database.connection)
      .Flight.find({ linkId: 'absurd-link' })
      .lean();
    expect(new Date(flight!.startedAt).getTime() * 1000).toBeGreaterThanOrEqual(T0_US);
    const series = await readSeries(harness.database.connection, flight!._id.toHexString(), {
      channels: ['latDeg', 'altRelM'],
    });
    const [lat, alt] = series!.series;
    expect(lat!.tUs).toHaveLength(positions.length - 2);
    expect(lat!.tUs).not.toContain(0);
    expect(lat!.values.filter((v) => v !== null && Math.abs(v) > 90)).toEqual([]);
    expect(alt!.values.filter((v) => v !== null && v > 1e5)).toEqual([]);
    expect(harness.hubs.counters.droppedByReason).toMatchObject({
      'latDeg-out-of-range': 1,
      'altRelM-out-of-range': 1,
      'sample-time-out-of-range': 2,
    });
  });

  it('refuses a batch that is not a batch with one sentence saying why', async () => {
    const link = new ScriptedLink('garbled-link');
    const { socket } = await harness.connectLink('garbled-link');
    const batch = link.batch(
      framesOver([new ScriptedVehicle(32)], T0_US, T0_US + 1e6, STEP_US, () => ground),
    );
    const ack = await harness.send(socket, { ...batch, samples: 'many' } as never);
    expect(ack.ok === false && ack.error.message).toMatch(
      /^Batch 0 was refused and not stored: samples: .+\.$/,
    );
  });
});
