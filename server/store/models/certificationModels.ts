import type { Connection, Model } from 'mongoose';
import { evaluationSchema, type EvaluationDoc } from './evaluation.js';
import {
  testPlanSchema,
  testPlanVersionSchema,
  type TestPlanDoc,
  type TestPlanVersionDoc,
} from './testPlan.js';

export interface CertificationModels {
  TestPlan: Model<TestPlanDoc>;
  TestPlanVersion: Model<TestPlanVersionDoc>;
  Evaluation: Model<EvaluationDoc>;
}

const models = new WeakMap<Connection, CertificationModels>();
const indexesReady = new WeakMap<Connection, Promise<void>>();

export function getCertificationModels(connection: Connection): CertificationModels {
  let bound = models.get(connection);
  if (!bound) {
    bound = {
      TestPlan: connection.model('TestPlan', testPlanSchema, 'testPlans'),
      TestPlanVersion: connection.model(
        'TestPlanVersion',
        testPlanVersionSchema,
        'testPlanVersions',
      ),
      Evaluation: connection.model('Evaluation', evaluationSchema, 'evaluations'),
    };
    models.set(connection, bound);
  }
  return bound;
}

/**
 * The unique indexes are what stop two concurrent writers from making the same plan or
 * evaluation version, so every writer awaits them (once per connection) before writing.
 */
export function ensureCertificationIndexes(connection: Connection): Promise<void> {
  let ready = indexesReady.get(connection);
  if (!ready) {
    const { TestPlan, TestPlanVersion, Evaluation } = getCertificationModels(connection);
    ready = Promise.all([
      TestPlan.createIndexes(),
      TestPlanVersion.createIndexes(),
      Evaluation.createIndexes(),
    ]).then(() => undefined);
    ready.catch(() => indexesReady.delete(connection));
    indexesReady.set(connection, ready);
  }
  return ready;
}
