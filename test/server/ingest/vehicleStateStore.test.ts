import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../server/db/connectDatabase.js';
import { emptySummary } from '../../../server/ingest/flightSummary.js';
import { ingestCollections } from '../../../server/store/ingest/ingestCollections.js';
import type { VehicleIngestState } from '../../../server/ingest/vehicleIngestState.js';
import {
  findAllVehicleStates,
  findVehicleState,
  storeVehicleStates,
} from '../../../server/store/ingest/vehicleStateStore.js';
import { initialVehicleState } from '../../../server/live/vehicleStateFromSamples.js';
import { openTestDatabase } from '../../support/testDatabase.js';

const T0_US = 1_783_000_000_000_000;

function flyingState(linkId: string, sysId: number): VehicleIngestState {
  const identity = { linkId, sysId, compId: 1, rangeId: null, vehicleName: `V${sysId}` };
  return {
    ...identity,
    vehicleId: '65a000000000000000000001',
    makerId: null,
    makerName: 'Maker',
    appliedSeq: 41,
    lastIngestAtMs: 1_783_000_000_000,
    flight: {
      flightId: '65a0000000000000000000f1',
      startedAtUs: T0_US,
      armedAtUs: T0_US + 1_000_000,
      armed: true,
      disarmedAtUs: null,
      lastTUs: T0_US + 2_000_000,
      storage: {
        kinds: { position: { t0s: [T0_US], t1s: [T0_US + 999_000] } },
        eventCount: 2,
        rawPieceCount: 3,
      },
      openBuckets: [
        {
          kind: 'position',
          index: 1,
          t0: T0_US + 1_000_000,
          t1: T0_US + 1_100_000,
          n: 2,
          t: [T0_US + 1_000_000, T0_US + 1_100_000],
          columns: { latDeg: [37.5, 37.50001], altRelM: [null, 1.25] },
        },
      ],
      summary: emptySummary(),
      summaryWrittenAtMs: 0,
    },
    live: initialVehicleState(identity),
    linkCounters: { framesReceived: 10, framesLostBySeq: 1, framesLostEstimated: 0 },
    fence: null,
    linkLostSinceUs: null,
  };
}

describe('vehicle state store', () => {
  let database: Database;
  const db = () => database.connection.db!;

  beforeAll(async () => {
    database = await openTestDatabase('vehicleStateStore');
  });
  afterAll(async () => {
    await database?.close();
  });

  it('reads a flying vehicle’s state, open buckets and storage index included, back as stored', async () => {
    const state = flyingState('store-link', 3);

    await storeVehicleStates(db(), [state]);

    expect(await findVehicleState(db(), 'store-link', 3)).toEqual(state);
    state.appliedSeq = 42;
    await storeVehicleStates(db(), [state, { ...flyingState('store-link', 4), flight: null }]);
    expect((await findVehicleState(db(), 'store-link', 3))?.appliedSeq).toBe(42);
    expect((await findVehicleState(db(), 'store-link', 4))?.flight).toBeNull();
  });

  it('reads a state stored before the blob as it was stored', async () => {
    const state = flyingState('old-link', 5);
    await ingestCollections(db()).vehicles.insertOne({ ...state, _id: 'old-link:5' });

    expect(await findVehicleState(db(), 'old-link', 5)).toEqual(state);
    const all = await findAllVehicleStates(db());
    expect(all.find((each) => each.linkId === 'old-link')).toEqual(state);
  });
});
