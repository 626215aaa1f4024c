import { z } from 'zod';
import { objectIdSchema } from '../commonSchemas.js';

export const planBodySchema = z.record(z.string(), z.unknown()).meta({
  description:
    'A test plan (server/certification/testPlan.ts): id, name, description, items. The server sets the version.',
});

export const planVersionQuerySchema = z.strictObject({
  version: z.coerce.number().int().positive().optional(),
});

export const evaluateBodySchema = z.strictObject({
  planId: objectIdSchema,
  /** A given version of the plan; its latest when absent. */
  planVersion: z.number().int().positive().optional(),
});

export const reportLanguageQuerySchema = z.strictObject({
  lang: z.enum(['ko', 'en']).default('en'),
});

export const fenceExportQuerySchema = z.strictObject({
  format: z.enum(['json', 'geojson', 'kml']).default('json'),
});

export const testPlanVersionViewSchema = z
  .object({
    planId: z.string(),
    key: z.string(),
    version: z.number(),
    latestVersion: z.number(),
    name: z.string(),
    frozen: z.boolean(),
    definitionSha256: z.string(),
    definition: z.unknown(),
    createdAt: z.string(),
  })
  .meta({ id: 'TestPlanVersion' });

export const evaluationViewSchema = z
  .object({
    id: z.string(),
    flightId: z.string(),
    version: z.number(),
    planId: z.string(),
    planVersion: z.number(),
    planName: z.string(),
    overallVerdict: z.enum(['pass', 'fail', 'incomplete']),
    results: z.array(z.unknown()),
    /** E.g. plan-vehicle-class-mismatch: the plan is written for another vehicle class. */
    warnings: z.array(
      z.object({
        code: z.string(),
        params: z.record(z.string(), z.union([z.string(), z.number()])),
      }),
    ),
    rawFramesSha256: z.string(),
    signatureSha256: z.string(),
    /** The range's Ed25519 signature over the evidence (GET …/evaluation.json for the file). */
    signed: z.unknown().nullable(),
    signatureValid: z.boolean(),
    createdAt: z.string(),
  })
  .meta({ id: 'Evaluation' });
