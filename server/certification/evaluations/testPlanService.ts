import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Connection } from 'mongoose';
import { EntityId } from '../../store/ids.js';
import type { Logger } from 'pino';
import { PROJECT_ROOT } from '../../config.js';
import { conflict, notFound, unprocessable } from '../../http/httpError.js';
import { CertificationInputError } from '../inputError.js';
import { parseTestPlan, type TestPlan } from '../testPlan.js';
import { canonicalJson } from '../../../telemetry/evidence/canonicalJson.js';
import {
  ensureCertificationIndexes,
  getCertificationModels,
} from '../../store/models/certificationModels.js';
import { sha256OfText } from './evaluationSignature.js';

/** A plan version as the API and the evaluator see it. */
export interface TestPlanVersionView {
  planId: string;
  key: string;
  version: number;
  latestVersion: number;
  name: string;
  /** Frozen: an evaluation used it, so an edit makes a new version. */
  frozen: boolean;
  definitionSha256: string;
  definition: TestPlan;
  createdAt: Date;
}

/**
 * Validates a plan body. The server owns version numbers, so a `version` in the body is
 * replaced by the one the plan will get; the `id` is the plan's key.
 */
function validatedDefinition(input: unknown, key: string | null, version: number): TestPlan {
  const body =
    typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  try {
    return parseTestPlan({ ...body, ...(key !== null ? { id: key } : {}), version });
  } catch (error) {
    if (error instanceof CertificationInputError) throw unprocessable(error.message, error.issues);
    throw error;
  }
}

function isDuplicateKey(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000
  );
}

/** Creates a plan at version 1. The key (the definition's `id`) must be new. */
export async function createTestPlan(
  connection: Connection,
  input: unknown,
  createdBy: string | null,
): Promise<TestPlanVersionView> {
  await ensureCertificationIndexes(connection);
  const { TestPlan, TestPlanVersion } = getCertificationModels(connection);
  const definition = validatedDefinition(input, null, 1);
  if (await TestPlan.exists({ key: definition.id })) {
    throw conflict(
      `A test plan with id "${definition.id}" already exists; PUT a new version to it.`,
    );
  }
  const planId = new EntityId();
  const definitionJson = canonicalJson(definition);
  // The version first: a plan document never points at a version that is not there.
  const version = await TestPlanVersion.create({
    planId,
    version: 1,
    name: definition.name,
    definitionJson,
    definitionSha256: sha256OfText(definitionJson),
    createdBy: createdBy ? new EntityId(createdBy) : null,
  });
  try {
    await TestPlan.create({
      _id: planId,
      key: definition.id,
      name: definition.name,
      latestVersion: 1,
    });
  } catch (error) {
    await TestPlanVersion.deleteOne({ _id: version._id });
    if (isDuplicateKey(error)) {
      throw conflict(
        `A test plan with id "${definition.id}" already exists; PUT a new version to it.`,
      );
    }
    throw error;
  }
  return getTestPlanVersion(connection, planId.toHexString());
}

/**
 * Edits a plan. Its latest version is changed in place while no evaluation has used it; once
 * used it is frozen and the edit becomes version n+1. Returns the version the edit landed in.
 */
export async function reviseTestPlan(
  connection: Connection,
  planId: string,
  input: unknown,
  createdBy: string | null,
): Promise<TestPlanVersionView> {
  await ensureCertificationIndexes(connection);
  const { TestPlan, TestPlanVersion } = getCertificationModels(connection);
  const plan = await TestPlan.findById(planId).lean();
  if (!plan) throw notFound(`No test plan ${planId}.`);
  const latest = plan.latestVersion;
  const inPlace = validatedDefinition(input, plan.key, latest);
  const inPlaceJson = canonicalJson(inPlace);
  // Conditional on usedAt: an evaluation that froze the version a moment ago wins, and the edit
  // goes to a new version instead.
  const edited = await TestPlanVersion.updateOne(
    { planId: plan._id, version: latest, usedAt: null },
    {
      $set: {
        name: inPlace.name,
        definitionJson: inPlaceJson,
        definitionSha256: sha256OfText(inPlaceJson),
      },
    },
  );
  if (edited.matchedCount === 1) {
    await TestPlan.updateOne({ _id: plan._id }, { $set: { name: inPlace.name } });
    return getTestPlanVersion(connection, planId, latest);
  }
  const next = validatedDefinition(input, plan.key, latest + 1);
  const nextJson = canonicalJson(next);
  try {
    await TestPlanVersion.create({
      planId: plan._id,
      version: latest + 1,
      name: next.name,
      definitionJson: nextJson,
      definitionSha256: sha256OfText(nextJson),
      createdBy: createdBy ? new EntityId(createdBy) : null,
    });
  } catch (error) {
    if (isDuplicateKey(error)) {
      throw conflict(
        `Version ${latest + 1} of this plan was just created by someone else; reload and retry.`,
      );
    }
    throw error;
  }
  await TestPlan.updateOne(
    { _id: plan._id, latestVersion: { $lt: latest + 1 } },
    { $set: { latestVersion: latest + 1, name: next.name } },
  );
  return getTestPlanVersion(connection, planId, latest + 1);
}

/** One version of a plan, the latest when `version` is not given. */
export async function getTestPlanVersion(
  connection: Connection,
  planId: string,
  version?: number,
): Promise<TestPlanVersionView> {
  const { TestPlan, TestPlanVersion } = getCertificationModels(connection);
  if (!EntityId.isValid(planId)) throw notFound(`No test plan ${planId}.`);
  const plan = await TestPlan.findById(planId).lean();
  if (!plan) throw notFound(`No test plan ${planId}.`);
  const wanted = version ?? plan.latestVersion;
  const stored = await TestPlanVersion.findOne({ planId: plan._id, version: wanted }).lean();
  if (!stored) throw notFound(`Test plan ${planId} has no version ${wanted}.`);
  return {
    planId: plan._id.toHexString(),
    key: plan.key,
    version: stored.version,
    latestVersion: plan.latestVersion,
    name: stored.name,
    frozen: stored.usedAt !== null && stored.usedAt !== undefined,
    definitionSha256: stored.definitionSha256,
    definition: JSON.parse(stored.definitionJson) as TestPlan,
    createdAt: stored.createdAt,
  };
}

export interface TestPlanSummary {
  planId: string;
  key: string;
  name: string;
  latestVersion: number;
  updatedAt: Date;
}

export async function listTestPlans(connection: Connection): Promise<TestPlanSummary[]> {
  const plans = await getCertificationModels(connection).TestPlan.find().sort({ name: 1 }).lean();
  return plans.map((plan) => ({
    planId: plan._id.toHexString(),
    key: plan.key,
    name: plan.name,
    latestVersion: plan.latestVersion,
    updatedAt: plan.updatedAt,
  }));
}

/**
 * Freezes a plan version for an evaluation and returns it as frozen. Freezing comes before the
 * read, so the definition returned is exactly the one no later edit can change.
 */
export async function freezeTestPlanVersion(
  connection: Connection,
  planId: string,
  version?: number,
): Promise<TestPlanVersionView> {
  const { TestPlanVersion } = getCertificationModels(connection);
  const target = await getTestPlanVersion(connection, planId, version);
  await TestPlanVersion.updateOne(
    { planId: new EntityId(target.planId), version: target.version, usedAt: null },
    { $set: { usedAt: new Date() } },
  );
  return getTestPlanVersion(connection, planId, target.version);
}

/** The plans a new installation starts with, one per vehicle class (fixtures/test-plans/). */
export const DEFAULT_PLAN_FILES = ['default.json', 'fixed-wing.json', 'vtol.json'] as const;

/** A fixed ObjectId per seeded document, so every instance inserts the same one. */
function seedObjectId(kind: 'plan' | 'version', key: string): EntityId {
  return new EntityId(
    createHash('sha256').update(`sortie-seed-${kind}:${key}`).digest('hex').slice(0, 24),
  );
}

/**
 * At start-up, when the database has no test plan at all, stores the default plans of every
 * vehicle class at version 1. Idempotent and safe when several instances start at once: each
 * plan and version is inserted with a fixed `_id`, so a second insert is a duplicate-key no-op.
 * Returns the keys it stored.
 */
export async function seedDefaultTestPlans(
  connection: Connection,
  logger?: Logger,
  files: readonly string[] = DEFAULT_PLAN_FILES,
): Promise<string[]> {
  await ensureCertificationIndexes(connection);
  const { TestPlan, TestPlanVersion } = getCertificationModels(connection);
  const definitions = files.map((file) =>
    validatedDefinition(
      JSON.parse(readFileSync(join(PROJECT_ROOT, 'fixtures', 'test-plans', file), 'utf8')),
      null,
      1,
    ),
  );
  // Plans of the range's own stop the seeding; seeded ones do not (an instance that stopped
  // half-way through seeding is completed by the next start).
  const seedIds = definitions.map((definition) => seedObjectId('plan', definition.id));
  const ownPlan = await TestPlan.findOne({ _id: { $nin: seedIds } })
    .select({ _id: 1 })
    .lean();
  if (ownPlan) return [];
  const seeded: string[] = [];
  for (const definition of definitions) {
    const definitionJson = canonicalJson(definition);
    const planId = seedObjectId('plan', definition.id);
    try {
      await TestPlanVersion.create({
        _id: seedObjectId('version', definition.id),
        planId,
        version: 1,
        name: definition.name,
        definitionJson,
        definitionSha256: sha256OfText(definitionJson),
        createdBy: null,
      });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    try {
      await TestPlan.create({
        _id: planId,
        key: definition.id,
        name: definition.name,
        latestVersion: 1,
      });
      seeded.push(definition.id);
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }
  if (seeded.length > 0) logger?.info({ plans: seeded }, 'stored the default test plans');
  return seeded;
}
