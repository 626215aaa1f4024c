import { evaluationRoutes } from './evaluationRoutes.js';
import { rangeFenceRoutes } from './rangeFenceRoutes.js';
import { reportRoutes } from './reportRoutes.js';
import { testPlanRoutes } from './testPlanRoutes.js';

/** Test plans, evaluations, their reports, and range fences in every exchange format. */
export const certificationRoutes = [
  ...testPlanRoutes,
  ...evaluationRoutes,
  ...reportRoutes,
  ...rangeFenceRoutes,
];
