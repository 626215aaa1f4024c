import { z } from 'zod';

/**
 * The fences of one range, as ArduPilot and PX4 model them: inclusion and exclusion polygons and
 * circles, an altitude floor and ceiling, a warning margin, and the parameters of the predicted
 * breach. Altitudes are relative to home (take-off), like ArduPilot's FENCE_ALT_MIN/MAX.
 */

const latDeg = z
  .number()
  .finite()
  .min(-90, 'latitude must be within ±90°')
  .max(90, 'latitude must be within ±90°');
const lonDeg = z
  .number()
  .finite()
  .min(-180, 'longitude must be within ±180°')
  .max(180, 'longitude must be within ±180°');

export const fenceVertexSchema = z.strictObject({ latDeg, lonDeg });

export const fenceRoleSchema = z.enum(['inclusion', 'exclusion']);
export type FenceRole = z.infer<typeof fenceRoleSchema>;

export const polygonZoneSchema = z.strictObject({
  id: z.string().min(1).max(100),
  name: z.string().max(200).optional(),
  role: fenceRoleSchema,
  shape: z.literal('polygon'),
  /** Outer ring, not closed (the first vertex is not repeated), at least 3 distinct vertices. */
  vertices: z.array(fenceVertexSchema).min(3, 'a polygon needs at least 3 vertices').max(10_000),
});

export const circleZoneSchema = z.strictObject({
  id: z.string().min(1).max(100),
  name: z.string().max(200).optional(),
  role: fenceRoleSchema,
  shape: z.literal('circle'),
  center: fenceVertexSchema,
  radiusM: z.number().finite().positive('radius must be positive'),
});

export const fenceZoneSchema = z.discriminatedUnion('shape', [polygonZoneSchema, circleZoneSchema]);

export type FenceVertex = z.infer<typeof fenceVertexSchema>;
export type PolygonZone = z.infer<typeof polygonZoneSchema>;
export type CircleZone = z.infer<typeof circleZoneSchema>;
export type FenceZone = z.infer<typeof fenceZoneSchema>;

export const DEFAULT_FENCE_MARGIN_M = 2;
export const DEFAULT_REACTION_TIME_S = 1;
export const DEFAULT_BRAKING_DECELERATION_MPS2 = 3;

export const rangeFencesSchema = z.strictObject({
  zones: z.array(fenceZoneSchema).max(1000),
  /** How several inclusion zones combine: the vehicle must be inside all (default) or any. */
  inclusionCombine: z.enum(['intersection', 'union']).default('intersection'),
  /** Lowest allowed altitude above home [m], or null for none. */
  floorM: z.number().finite().nullable().default(null),
  /** Highest allowed altitude above home [m], or null for none. */
  ceilingM: z.number().finite().nullable().default(null),
  /** Inside the allowed region but closer than this to a boundary is a warning [m]. */
  marginM: z.number().finite().nonnegative().default(DEFAULT_FENCE_MARGIN_M),
  /** Operator or autopilot reaction time for the predicted breach [s]. */
  reactionTimeS: z.number().finite().nonnegative().default(DEFAULT_REACTION_TIME_S),
  /** Braking deceleration for the predicted breach's stopping time [m/s²]. */
  brakingDecelerationMps2: z
    .number()
    .finite()
    .positive()
    .default(DEFAULT_BRAKING_DECELERATION_MPS2),
});

/** Fences after validation, with every default filled in. */
export type RangeFences = z.output<typeof rangeFencesSchema>;
/** Fences as a client may send them: defaults may be left out. */
export type RangeFencesInput = z.input<typeof rangeFencesSchema>;
