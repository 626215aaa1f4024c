import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EntityId } from '../../../server/store/ids.js';
import type { Database } from '../../../server/db/connectDatabase.js';
import { getModels } from '../../../server/store/models/models.js';
import { evaluateEndedFlight } from '../../../server/certification/evaluations/evaluateEndedFlight.js';
import { listEvaluations } from '../../../server/certification/evaluations/evaluationService.js';
import { createTestPlan } from '../../../server/certification/evaluations/testPlanService.js';
import { openTestDatabase, silentLogger } from '../../support/testDatabase.js';
import { syntheticEvents, syntheticSamples } from '../reports/reportFixture.js';
import { storeLandedFlight } from './storedFlightFixture.js';

const plan = (key: string, maxSpeedMps: number) => ({
  id: key,
  name: key,
  items: [{ id: 'speed', criterion: 'max-speed', params: { maxSpeedMps, sustainS: 5 } }],
});

describe('evaluation when a flight ends', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase('flight-end-evaluation');
  });
  afterAll(async () => {
    await database?.close();
  });

  const landed = (name: string) =>
    storeLandedFlight(
      database.connection,
      syntheticSamples(),
      syntheticEvents(),
      [Buffer.from(name)],
      {
        maker: `maker ${name}`,
        vehicle: `vehicle ${name}`,
        range: `range ${name}`,
      },
    );

  it("evaluates against the vehicle's default plan and records the verdict on the flight", async () => {
    const flight = await landed('default-plan');
    const strict = await createTestPlan(database.connection, plan('strict', 1), null);
    await getModels(database.connection).Vehicle.updateOne(
      { _id: new EntityId(flight.vehicleId) },
      { $set: { defaultTestPlanId: new EntityId(strict.planId) } },
    );
    const evaluation = await evaluateEndedFlight(
      database.connection,
      flight.flightId,
      silentLogger,
    );
    expect(evaluation).toMatchObject({
      trigger: 'flight-end',
      planId: strict.planId,
      overallVerdict: 'fail',
    });
    const stored = await getModels(database.connection).Flight.findById(flight.flightId).lean();
    expect(stored).toMatchObject({ status: 'evaluated', verdict: 'fail' });
  });

  it("prefers the flight's own plan to the vehicle's default", async () => {
    const flight = await landed('own-plan');
    const lenient = await createTestPlan(database.connection, plan('lenient', 19), null);
    const strict = await createTestPlan(database.connection, plan('strict-2', 1), null);
    const { Flight, Vehicle } = getModels(database.connection);
    await Vehicle.updateOne(
      { _id: new EntityId(flight.vehicleId) },
      { $set: { defaultTestPlanId: new EntityId(strict.planId) } },
    );
    await Flight.updateOne(
      { _id: new EntityId(flight.flightId) },
      { $set: { testPlanId: new EntityId(lenient.planId) } },
    );
    const evaluation = await evaluateEndedFlight(
      database.connection,
      flight.flightId,
      silentLogger,
    );
    expect(evaluation).toMatchObject({ planId: lenient.planId, overallVerdict: 'pass' });
  });

  it('leaves a flight without any plan unevaluated, and never throws', async () => {
    const flight = await landed('no-plan');
    expect(
      await evaluateEndedFlight(database.connection, flight.flightId, silentLogger),
    ).toBeNull();
    expect(await listEvaluations(database.connection, flight.flightId)).toEqual([]);
    const { Flight } = getModels(database.connection);
    await Flight.updateOne(
      { _id: new EntityId(flight.flightId) },
      { $set: { testPlanId: new EntityId() } },
    );
    expect(
      await evaluateEndedFlight(database.connection, flight.flightId, silentLogger),
    ).toBeNull();
  });
});
