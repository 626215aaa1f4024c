import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../server/db/connectDatabase.js';
import { getCertificationModels } from '../../../server/store/models/certificationModels.js';
import {
  createTestPlan,
  getTestPlanVersion,
  listTestPlans,
  seedDefaultTestPlans,
} from '../../../server/certification/evaluations/testPlanService.js';
import { openTestDatabase } from '../../support/testDatabase.js';

describe('default test plans at first start', () => {
  let fresh: Database;
  let used: Database;
  beforeAll(async () => {
    fresh = await openTestDatabase('seed-plans-fresh');
    used = await openTestDatabase('seed-plans-used');
  });
  afterAll(async () => {
    await fresh?.close();
    await used?.close();
  });

  it('stores one plan per vehicle class once, when three instances start at the same moment', async () => {
    const seeded = await Promise.all([
      seedDefaultTestPlans(fresh.connection),
      seedDefaultTestPlans(fresh.connection),
      seedDefaultTestPlans(fresh.connection),
    ]);
    expect(seeded.flat().sort()).toEqual(['default', 'fixed-wing', 'vtol']);
    const plans = await listTestPlans(fresh.connection);
    expect(plans.map((p) => p.key).sort()).toEqual(['default', 'fixed-wing', 'vtol']);
    const { TestPlanVersion } = getCertificationModels(fresh.connection);
    expect(await TestPlanVersion.countDocuments()).toBe(3);
    const classes = await Promise.all(
      plans.map(async (p) => (await getTestPlanVersion(fresh.connection, p.planId)).definition),
    );
    expect(Object.fromEntries(classes.map((d) => [d.id, d.vehicleClass]))).toEqual({
      default: 'multicopter',
      'fixed-wing': 'fixed-wing',
      vtol: 'vtol',
    });
  });

  it('changes nothing at the next start', async () => {
    const before = await listTestPlans(fresh.connection);
    expect(await seedDefaultTestPlans(fresh.connection)).toEqual([]);
    expect(await listTestPlans(fresh.connection)).toEqual(before);
  });

  it('leaves a database that already has a plan of its own alone', async () => {
    await createTestPlan(
      used.connection,
      { id: 'range-own', name: 'Our plan', items: [{ id: 'speed', criterion: 'max-speed' }] },
      null,
    );
    expect(await seedDefaultTestPlans(used.connection)).toEqual([]);
    expect((await listTestPlans(used.connection)).map((p) => p.key)).toEqual(['range-own']);
  });
});
