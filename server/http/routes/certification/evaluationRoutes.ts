import type { Connection } from 'mongoose';
import { z } from 'zod';
import { flightAccessFor } from '../../../access/flightAccess.js';
import { recordAudit } from '../../../audit/auditLog.js';
import {
  evaluateFlight,
  listEvaluations,
  signatureMatches,
} from '../../../certification/evaluations/evaluationService.js';
import type { EvaluationView } from '../../../store/certification/evaluationView.js';
import { idParamsSchema } from '../commonSchemas.js';
import { defineRoute } from '../defineRoute.js';
import { evaluateBodySchema, evaluationViewSchema } from './certificationSchemas.js';
import { visibleEvaluation } from './visibleEvaluation.js';

/** The stored evaluation with the fences left out (they are in the exports) and its check. */
async function toEvaluationResponse(connection: Connection, evaluation: EvaluationView) {
  const { fences: _fences, ...rest } = evaluation;
  return { ...rest, signatureValid: await signatureMatches(connection, evaluation) };
}

export const evaluationRoutes = [
  defineRoute({
    method: 'post',
    path: '/flights/:id/evaluations',
    tag: 'evaluations',
    summary:
      "Evaluate a landed flight against a test plan; stores a signed, immutable evaluation as the flight's next version.",
    access: { permission: 'flights:evaluate' },
    params: idParamsSchema,
    body: evaluateBodySchema,
    successStatus: 201,
    response: evaluationViewSchema,
    async handle({ params, body, user, deps }) {
      await flightAccessFor(deps.connection, user).getFlight(params.id);
      const evaluation = await evaluateFlight(deps.connection, params.id, body.planId, {
        trigger: 'request',
        createdBy: user.id,
        planVersion: body.planVersion,
      });
      await recordAudit(deps.connection, user, 'evaluate', params.id, evaluation.id);
      return toEvaluationResponse(deps.connection, evaluation);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/flights/:id/evaluations',
    tag: 'evaluations',
    summary: "A flight's evaluations, newest first.",
    access: { permission: 'flights:read' },
    params: idParamsSchema,
    response: z.object({ evaluations: z.array(evaluationViewSchema) }),
    async handle({ params, user, deps }) {
      await flightAccessFor(deps.connection, user).getFlight(params.id);
      const evaluations = await listEvaluations(deps.connection, params.id);
      return {
        evaluations: await Promise.all(
          evaluations.map((evaluation) => toEvaluationResponse(deps.connection, evaluation)),
        ),
      };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/evaluations/:id',
    tag: 'evaluations',
    summary: 'One evaluation with every result and its evidence, and whether its signature holds.',
    access: { permission: 'flights:read' },
    params: idParamsSchema,
    response: evaluationViewSchema,
    async handle({ params, user, deps }) {
      const { evaluation } = await visibleEvaluation(deps.connection, user, params.id);
      return toEvaluationResponse(deps.connection, evaluation);
    },
  }),
];
