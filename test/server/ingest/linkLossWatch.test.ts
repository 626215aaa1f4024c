import { describe, expect, it } from 'vitest';
import { openFlight } from '../../../server/ingest/flightLifecycle.js';
import { emptyWritePlan } from '../../../server/store/ingest/ingestWritePlan.js';
import { raiseLinkLostIfSilent } from '../../../server/ingest/linkLossWatch.js';
import type { VehicleIngestState } from '../../../server/ingest/vehicleIngestState.js';
import { initialVehicleState } from '../../../server/live/vehicleStateFromSamples.js';
import { TEST_SETTINGS } from './ingestHarness.js';

const T0_US = 1_778_544_000_000_000;
const NOW_MS = 1_778_544_100_000;
/** linkLostAfterS of the test settings [ms]. */
const LOST_AFTER_MS = TEST_SETTINGS.linkLostAfterS * 1000;

/** An armed vehicle last heard `quietMs` before NOW_MS. */
function armedVehicle(quietMs: number): VehicleIngestState {
  const state: VehicleIngestState = {
    linkId: 'link-1',
    sysId: 7,
    compId: 1,
    vehicleId: 'vehicle-7',
    makerId: null,
    makerName: 'Aerodyne',
    rangeId: null,
    vehicleName: 'X8 #7',
    appliedSeq: 3,
    lastIngestAtMs: NOW_MS - quietMs,
    flight: null,
    live: initialVehicleState({
      linkId: 'link-1',
      sysId: 7,
      compId: 1,
      rangeId: null,
      vehicleName: 'X8 #7',
    }),
    linkCounters: null,
  };
  const flight = openFlight(state, T0_US, emptyWritePlan());
  flight.armed = true;
  flight.armedAtUs = T0_US;
  return state;
}

describe('the live link-loss watch', () => {
  it('raises link-lost for an armed vehicle quiet for longer than the time-out', () => {
    const state = armedVehicle(LOST_AFTER_MS + 100);
    const plan = emptyWritePlan();
    expect(raiseLinkLostIfSilent(state, NOW_MS, TEST_SETTINGS, plan)).toBe(true);
    expect(plan.events.map((event) => event.type)).toEqual(['link-lost']);
  });

  it('does not count the time the database was away: the batches were waiting in the spool', () => {
    // Heard 8 s ago, then the database went away; it came back 1 s ago.
    const state = armedVehicle(8_000);
    const plan = emptyWritePlan();
    expect(raiseLinkLostIfSilent(state, NOW_MS, TEST_SETTINGS, plan, NOW_MS - 1_000)).toBe(false);
    // While it is still away the watch waits (silence counts from now).
    expect(raiseLinkLostIfSilent(state, NOW_MS, TEST_SETTINGS, plan, NOW_MS)).toBe(false);
    expect(plan.events).toEqual([]);
  });

  it('still raises link-lost for a vehicle that stays quiet once the database is back', () => {
    const state = armedVehicle(60_000);
    const plan = emptyWritePlan();
    const backAtMs = NOW_MS - LOST_AFTER_MS - 100;
    expect(raiseLinkLostIfSilent(state, NOW_MS, TEST_SETTINGS, plan, backAtMs)).toBe(true);
    // Stamped where the loss began in ground time, not when the database came back.
    expect(plan.events[0]).toMatchObject({
      type: 'link-lost',
      data: { lastHeardUs: T0_US },
    });
  });
});
