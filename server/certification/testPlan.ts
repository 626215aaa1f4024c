import { z } from 'zod';
import { CRITERIA, CRITERION_IDS, type CriterionId } from './criteria/index.js';
import { CertificationInputError, issuesFromZod } from './inputError.js';
import { planWindowSchema } from './planWindow.js';
import { DEFAULT_SAMPLE_HOLD_S } from './series/coverage.js';
import { PLAN_VEHICLE_CLASSES } from './series/vehicleClass.js';

/** Below this share of its window covered by data, an item is insufficient-data. */
export const DEFAULT_MIN_COVERAGE = 0.8;
/** ArduCopter's FS_GCS_TIMEOUT default [s]: the link-loss timeout when the log has none. */
export const DEFAULT_FAILSAFE_TIMEOUT_S = 5;

export const THRESHOLD_SOURCES = ['declared', 'range', 'default'] as const;

function itemSchemaOf<Id extends CriterionId, S extends z.ZodObject>(id: Id, paramsSchema: S) {
  return z.strictObject({
    /** Unique in the plan; results carry it. */
    id: z.string().min(1).max(100),
    criterion: z.literal(id),
    title: z.string().max(200).optional(),
    /** The part of the flight it applies to; the criterion's natural window when absent. */
    window: planWindowSchema.optional(),
    /** Parameters and thresholds; the criterion's defaults fill what is left out. */
    params: paramsSchema.prefault({} as z.input<S>),
    /** Whose threshold this is: the maker's declared value, the range's own, or the default. */
    thresholdSource: z.enum(THRESHOLD_SOURCES).default('default'),
    /** Overrides the plan's minCoverage for this item (0–1). */
    minCoverage: z.number().min(0).max(1).optional(),
  });
}

const itemSchemas = [
  itemSchemaOf('hover-accuracy', CRITERIA['hover-accuracy'].paramsSchema),
  itemSchemaOf('altitude-hold', CRITERIA['altitude-hold'].paramsSchema),
  itemSchemaOf('path-tracking', CRITERIA['path-tracking'].paramsSchema),
  itemSchemaOf('max-speed', CRITERIA['max-speed'].paramsSchema),
  itemSchemaOf('climb-rate', CRITERIA['climb-rate'].paramsSchema),
  itemSchemaOf('height-ceiling', CRITERIA['height-ceiling'].paramsSchema),
  itemSchemaOf('geofence', CRITERIA.geofence.paramsSchema),
  itemSchemaOf('link-loss-rth', CRITERIA['link-loss-rth'].paramsSchema),
  itemSchemaOf('low-battery', CRITERIA['low-battery'].paramsSchema),
  itemSchemaOf('endurance', CRITERIA.endurance.paramsSchema),
  itemSchemaOf('attitude-stability', CRITERIA['attitude-stability'].paramsSchema),
  itemSchemaOf('vibration', CRITERIA.vibration.paramsSchema),
  itemSchemaOf('gnss-quality', CRITERIA['gnss-quality'].paramsSchema),
  itemSchemaOf('link-integrity', CRITERIA['link-integrity'].paramsSchema),
  itemSchemaOf('landing-accuracy', CRITERIA['landing-accuracy'].paramsSchema),
] as const;

export const testPlanItemSchema = z.discriminatedUnion('criterion', itemSchemas);

/** A versioned test plan: which criteria, on which part of the flight, against which thresholds. */
export const testPlanSchema = z
  .strictObject({
    id: z.string().min(1).max(100),
    name: z.string().min(1).max(200),
    /** Bumped on every change; an evaluation records the version it used. */
    version: z.number().int().positive(),
    description: z.string().max(5000).optional(),
    /** The kind of vehicle the plan is written for; another class gets a warning. */
    vehicleClass: z.enum(PLAN_VEHICLE_CLASSES).optional(),
    /** Below this share (0–1) of its window covered by data, an item is insufficient-data. */
    minCoverage: z.number().min(0).max(1).default(DEFAULT_MIN_COVERAGE),
    /** A sample vouches for this long after it when coverage is measured [s]. */
    sampleHoldS: z.number().positive().max(60).default(DEFAULT_SAMPLE_HOLD_S),
    /**
     * A silence longer than this is a link loss when the log holds neither FS_GCS_TIMEOUT
     * (ArduPilot) nor COM_DL_LOSS_T (PX4) [s].
     */
    failsafeTimeoutS: z.number().positive().max(600).default(DEFAULT_FAILSAFE_TIMEOUT_S),
    items: z.array(testPlanItemSchema).min(1).max(200),
  })
  .superRefine((plan, context) => {
    const seen = new Set<string>();
    plan.items.forEach((item, index) => {
      if (seen.has(item.id)) {
        context.addIssue({
          code: 'custom',
          path: ['items', index, 'id'],
          message: `item id "${item.id}" is used twice`,
        });
      }
      seen.add(item.id);
    });
  });

export type TestPlan = z.output<typeof testPlanSchema>;
export type TestPlanInput = z.input<typeof testPlanSchema>;
export type TestPlanItem = TestPlan['items'][number];

/** Validates a plan; throws CertificationInputError naming the item and field at fault. */
export function parseTestPlan(input: unknown): TestPlan {
  const unknownCriteria = unknownCriterionIssues(input);
  if (unknownCriteria.length > 0) throw new CertificationInputError('test plan', unknownCriteria);
  const parsed = testPlanSchema.safeParse(input);
  if (!parsed.success)
    throw new CertificationInputError('test plan', issuesFromZod(parsed.error.issues));
  return parsed.data;
}

/** zod would only say "invalid input" for an unknown criterion id: name the valid ones instead. */
function unknownCriterionIssues(input: unknown) {
  if (
    typeof input !== 'object' ||
    input === null ||
    !('items' in input) ||
    !Array.isArray(input.items)
  )
    return [];
  return input.items.flatMap((item: unknown, index: number) => {
    const criterion =
      typeof item === 'object' && item !== null && 'criterion' in item ? item.criterion : undefined;
    if (typeof criterion === 'string' && (CRITERION_IDS as string[]).includes(criterion)) return [];
    return [
      {
        path: `items[${index}].criterion`,
        message: `unknown criterion ${JSON.stringify(criterion)}; expected one of ${CRITERION_IDS.join(', ')}`,
      },
    ];
  });
}
