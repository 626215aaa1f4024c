import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../server/config.js';
import type { Database } from '../../../server/db/connectDatabase.js';
import { HttpError } from '../../../server/http/httpError.js';
import { getCertificationModels } from '../../../server/store/models/certificationModels.js';
import {
  createTestPlan,
  freezeTestPlanVersion,
  getTestPlanVersion,
  listTestPlans,
  reviseTestPlan,
} from '../../../server/certification/evaluations/testPlanService.js';
import { openTestDatabase } from '../../support/testDatabase.js';

const DEFAULT_PLAN = JSON.parse(
  readFileSync(`${PROJECT_ROOT}/fixtures/test-plans/default.json`, 'utf8'),
) as { id: string; items: { id: string; params: Record<string, unknown> }[] };

function planWith(id: string, maxSpeedMps: number) {
  return {
    id,
    name: `Plan ${id}`,
    items: [{ id: 'speed', criterion: 'max-speed', params: { maxSpeedMps } }],
  };
}

describe('test plan store', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase('test-plans');
  });
  afterAll(async () => {
    await database?.close();
  });

  it('stores the default plan at version 1 with every criterion default filled in', async () => {
    const view = await createTestPlan(database.connection, DEFAULT_PLAN, null);
    expect(view).toMatchObject({ key: 'default', version: 1, latestVersion: 1, frozen: false });
    expect(view.definition.items.map((item) => item.id)).toEqual(
      DEFAULT_PLAN.items.map((i) => i.id),
    );
    expect(view.definitionSha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await listTestPlans(database.connection)).map((p) => p.key)).toContain('default');
  });

  it('refuses a plan whose key exists already, leaving nothing behind', async () => {
    await createTestPlan(database.connection, planWith('dup', 19), null);
    const error = await createTestPlan(database.connection, planWith('dup', 10), null).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(409);
    const { TestPlan } = getCertificationModels(database.connection);
    const plan = await TestPlan.findOne({ key: 'dup' }).lean();
    const view = await getTestPlanVersion(database.connection, plan!._id.toHexString());
    expect(view.definition.items[0]).toMatchObject({ params: { maxSpeedMps: 19 } });
  });

  it('refuses an invalid plan with a 422 naming the item and field, and stores nothing', async () => {
    const bad = {
      id: 'bad',
      name: 'Bad',
      items: [{ id: 'speed', criterion: 'max-speed', params: { maxSpeedMps: -3 } }],
    };
    const error = (await createTestPlan(database.connection, bad, null).catch(
      (e: unknown) => e,
    )) as HttpError;
    expect(error.status).toBe(422);
    expect(JSON.stringify(error.details)).toContain('items[0].params.maxSpeedMps');
    expect(
      await getCertificationModels(database.connection).TestPlan.exists({ key: 'bad' }),
    ).toBeNull();
  });

  it('edits an unused version in place', async () => {
    const created = await createTestPlan(database.connection, planWith('draft', 19), null);
    const edited = await reviseTestPlan(
      database.connection,
      created.planId,
      planWith('draft', 15),
      null,
    );
    expect(edited.version).toBe(1);
    expect(edited.definition.items[0]).toMatchObject({ params: { maxSpeedMps: 15 } });
  });

  it('makes version n+1 when the edited version was used, and keeps the used one unchanged', async () => {
    const created = await createTestPlan(database.connection, planWith('frozen', 19), null);
    const frozen = await freezeTestPlanVersion(database.connection, created.planId);
    expect(frozen.frozen).toBe(true);
    const edited = await reviseTestPlan(
      database.connection,
      created.planId,
      planWith('frozen', 12),
      null,
    );
    expect(edited).toMatchObject({ version: 2, latestVersion: 2, frozen: false });
    const first = await getTestPlanVersion(database.connection, created.planId, 1);
    expect(first.definition.items[0]).toMatchObject({ params: { maxSpeedMps: 19 } });
    expect(first.definitionSha256).toBe(created.definitionSha256);
    expect(edited.definitionSha256).not.toBe(created.definitionSha256);
    const again = await reviseTestPlan(
      database.connection,
      created.planId,
      planWith('frozen', 11),
      null,
    );
    expect(again.version).toBe(2);
  });

  it('answers 404 for a plan or version that does not exist', async () => {
    const missing = await getTestPlanVersion(database.connection, '0123456789abcdef01234567').catch(
      (e: unknown) => e,
    );
    expect((missing as HttpError).status).toBe(404);
    const created = await createTestPlan(database.connection, planWith('one', 19), null);
    const noVersion = await getTestPlanVersion(database.connection, created.planId, 7).catch(
      (e: unknown) => e,
    );
    expect((noVersion as HttpError).status).toBe(404);
  });
});
