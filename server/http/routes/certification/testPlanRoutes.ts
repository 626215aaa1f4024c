import { z } from 'zod';
import {
  createTestPlan,
  getTestPlanVersion,
  listTestPlans,
  reviseTestPlan,
} from '../../../certification/evaluations/testPlanService.js';
import { idParamsSchema, noQuerySchema } from '../commonSchemas.js';
import { defineRoute } from '../defineRoute.js';
import {
  planBodySchema,
  planVersionQuerySchema,
  testPlanVersionViewSchema,
} from './certificationSchemas.js';

export const testPlanRoutes = [
  defineRoute({
    method: 'get',
    path: '/test-plans',
    tag: 'test plans',
    summary: 'Test plans with their latest version number.',
    access: { permission: 'flights:read' },
    query: noQuerySchema,
    response: z.object({ testPlans: z.array(z.unknown()) }),
    async handle({ deps }) {
      return { testPlans: await listTestPlans(deps.connection) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/test-plans',
    tag: 'test plans',
    summary: 'Create a test plan at version 1; a 422 names the item and field at fault.',
    access: { permission: 'flights:evaluate' },
    body: planBodySchema,
    successStatus: 201,
    response: testPlanVersionViewSchema,
    async handle({ body, user, deps }) {
      return createTestPlan(deps.connection, body, user.id);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/test-plans/:id',
    tag: 'test plans',
    summary: 'One test plan: its latest version, or ?version=n.',
    access: { permission: 'flights:read' },
    params: idParamsSchema,
    query: planVersionQuerySchema,
    response: testPlanVersionViewSchema,
    async handle({ params, query, deps }) {
      return getTestPlanVersion(deps.connection, params.id, query.version);
    },
  }),
  defineRoute({
    method: 'put',
    path: '/test-plans/:id',
    tag: 'test plans',
    summary:
      'Edit a test plan. A version an evaluation has used is frozen: the edit becomes version n+1.',
    access: { permission: 'flights:evaluate' },
    params: idParamsSchema,
    body: planBodySchema,
    response: testPlanVersionViewSchema,
    async handle({ params, body, user, deps }) {
      return reviseTestPlan(deps.connection, params.id, body, user.id);
    },
  }),
];
