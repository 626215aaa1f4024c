import { z } from 'zod';
import type { EntityId } from '../../../store/ids.js';
import { CertificationInputError } from '../../../certification/inputError.js';
import { validateRangeFences } from '../../../certification/fences/validateRangeFences.js';
import { getModels } from '../../../store/models/models.js';
import { conflict, notFound, unprocessable } from '../../httpError.js';
import { idParamsSchema, nameSchema, toObjectId } from '../commonSchemas.js';
import { assertUnique } from '../assertUnique.js';
import { defineRoute } from '../defineRoute.js';

const timeZoneSchema = z
  .string()
  .max(64)
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as Asia/Seoul');

const rangeBodySchema = z
  .strictObject({
    name: nameSchema,
    timeZone: timeZoneSchema.default('Asia/Seoul'),
    origin: z.strictObject({
      latDeg: z.number().min(-90).max(90),
      lonDeg: z.number().min(-180).max(180),
      altMslM: z.number().min(-500).max(9_000).default(0),
    }),
    /** Sortie's fence model (server/certification/fences); checked by validateRangeFences. */
    fences: z.unknown().optional(),
  })
  .meta({ id: 'RangeInput' });

const rangeViewSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    timeZone: z.string(),
    origin: z.object({ latDeg: z.number(), lonDeg: z.number(), altMslM: z.number() }),
    fences: z.unknown(),
    fencesVersion: z.number(),
  })
  .meta({ id: 'Range' });

interface StoredRange {
  _id: EntityId;
  name: string;
  timeZone: string;
  origin?: { latDeg: number; lonDeg: number; altMslM?: number | null } | null;
  fences?: unknown;
  fencesVersion?: number | null;
}

function toRangeView(range: StoredRange): z.infer<typeof rangeViewSchema> {
  return {
    id: range._id.toHexString(),
    name: range.name,
    timeZone: range.timeZone,
    origin: {
      latDeg: range.origin?.latDeg ?? 0,
      lonDeg: range.origin?.lonDeg ?? 0,
      altMslM: range.origin?.altMslM ?? 0,
    },
    fences: range.fences ?? null,
    fencesVersion: range.fencesVersion ?? 0,
  };
}

/** Fences checked before anything is stored; their faults come back as a 422 with each issue. */
function checkedFences(fences: unknown): unknown {
  if (fences === undefined || fences === null) return fences;
  try {
    return validateRangeFences(fences);
  } catch (error) {
    if (error instanceof CertificationInputError) throw unprocessable(error.message, error.issues);
    throw error;
  }
}

export const rangeRoutes = [
  defineRoute({
    method: 'get',
    path: '/ranges',
    tag: 'ranges',
    summary: 'Test ranges with their fences.',
    access: { permission: 'catalog:read' },
    response: z.object({ ranges: z.array(rangeViewSchema) }),
    async handle({ deps }) {
      const ranges = await getModels(deps.connection).Range.find().sort({ name: 1 }).lean();
      return { ranges: ranges.map(toRangeView) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/ranges/:id',
    tag: 'ranges',
    summary: 'One test range.',
    access: { permission: 'catalog:read' },
    params: idParamsSchema,
    response: rangeViewSchema,
    async handle({ params, deps }) {
      const range = await getModels(deps.connection).Range.findById(params.id).lean();
      if (!range) throw notFound(`No range ${params.id}.`);
      return toRangeView(range);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/ranges',
    tag: 'ranges',
    summary: 'Create a test range, optionally with its fences (admin).',
    access: { permission: 'catalog:write' },
    body: rangeBodySchema,
    successStatus: 201,
    response: rangeViewSchema,
    async handle({ body, deps }) {
      const fences = checkedFences(body.fences);
      await assertUnique(getModels(deps.connection).Range, 'range', 'name', body.name);
      const range = await getModels(deps.connection).Range.create({
        ...body,
        fences: fences ?? null,
        fencesVersion: fences ? 1 : 0,
      });
      return toRangeView(range.toObject());
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/ranges/:id',
    tag: 'ranges',
    summary: 'Change a range (admin); new fences bump fencesVersion.',
    access: { permission: 'catalog:write' },
    params: idParamsSchema,
    body: rangeBodySchema.partial(),
    response: rangeViewSchema,
    async handle({ params, body, deps }) {
      const { fences: fencesInput, ...rest } = body;
      const fences = checkedFences(fencesInput);
      await assertUnique(getModels(deps.connection).Range, 'range', 'name', rest.name, params.id);
      const update =
        fencesInput === undefined
          ? { $set: rest }
          : { $set: { ...rest, fences: fences ?? null }, $inc: { fencesVersion: 1 } };
      const range = await getModels(deps.connection)
        .Range.findByIdAndUpdate(params.id, update, {
          returnDocument: 'after',
          runValidators: true,
        })
        .lean();
      if (!range) throw notFound(`No range ${params.id}.`);
      return toRangeView(range);
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/ranges/:id',
    tag: 'ranges',
    summary: 'Remove a range no flight, vehicle or API key refers to (admin).',
    access: { permission: 'catalog:write' },
    params: idParamsSchema,
    successStatus: 204,
    async handle({ params, deps }) {
      const { ApiKey, Flight, Range, Vehicle } = getModels(deps.connection);
      const rangeId = toObjectId(params.id);
      if (!(await Range.exists({ _id: rangeId }))) throw notFound(`No range ${params.id}.`);
      const [flights, vehicles, apiKeys] = await Promise.all([
        Flight.countDocuments({ rangeId }),
        Vehicle.countDocuments({ rangeId }),
        ApiKey.countDocuments({ rangeId }),
      ]);
      if (flights + vehicles + apiKeys > 0) {
        throw conflict('Flights, vehicles or API keys still refer to this range.', {
          flights,
          vehicles,
          apiKeys,
        });
      }
      await Range.deleteOne({ _id: rangeId });
      return undefined;
    },
  }),
];
