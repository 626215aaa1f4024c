import { z } from 'zod';
import { visibleMakersFilter } from '../../../access/catalogAccess.js';
import { getModels } from '../../../store/models/models.js';
import { conflict, notFound } from '../../httpError.js';
import { idParamsSchema, nameSchema, toObjectId } from '../commonSchemas.js';
import { assertUnique } from '../assertUnique.js';
import { defineRoute } from '../defineRoute.js';
import type { EntityId } from '../../../store/ids.js';

const makerBodySchema = z
  .strictObject({
    name: nameSchema,
    contactEmail: z.email('must be an e-mail address').max(254).nullable().optional(),
  })
  .meta({ id: 'MakerInput' });

const makerViewSchema = z
  .object({ id: z.string(), name: z.string(), contactEmail: z.string().nullable() })
  .meta({ id: 'Maker' });

function toMakerView(maker: { _id: EntityId; name: string; contactEmail?: string | null }) {
  return {
    id: maker._id.toHexString(),
    name: maker.name,
    contactEmail: maker.contactEmail ?? null,
  };
}

export const makerRoutes = [
  defineRoute({
    method: 'get',
    path: '/makers',
    tag: 'makers',
    summary: 'Maker organisations (a maker user sees only its own).',
    access: { permission: 'catalog:read' },
    response: z.object({ makers: z.array(makerViewSchema) }),
    async handle({ user, deps }) {
      const makers = await getModels(deps.connection)
        .Maker.find(visibleMakersFilter(user))
        .sort({ name: 1 })
        .lean();
      return { makers: makers.map(toMakerView) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/makers/:id',
    tag: 'makers',
    summary: 'One maker organisation.',
    access: { permission: 'catalog:read' },
    params: idParamsSchema,
    response: makerViewSchema,
    async handle({ params, user, deps }) {
      const maker = await getModels(deps.connection)
        .Maker.findOne({ $and: [{ _id: toObjectId(params.id) }, visibleMakersFilter(user)] })
        .lean();
      if (!maker) throw notFound(`No maker ${params.id}.`);
      return toMakerView(maker);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/makers',
    tag: 'makers',
    summary: 'Register a maker organisation (admin).',
    access: { permission: 'catalog:write' },
    body: makerBodySchema,
    successStatus: 201,
    response: makerViewSchema,
    async handle({ body, deps }) {
      await assertUnique(getModels(deps.connection).Maker, 'maker', 'name', body.name);
      const maker = await getModels(deps.connection).Maker.create(body);
      return toMakerView(maker.toObject());
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/makers/:id',
    tag: 'makers',
    summary: "Rename a maker or change its contact (admin); its flights' maker name follows.",
    access: { permission: 'catalog:write' },
    params: idParamsSchema,
    body: makerBodySchema.partial(),
    response: makerViewSchema,
    async handle({ params, body, deps }) {
      const { Flight, Maker } = getModels(deps.connection);
      await assertUnique(Maker, 'maker', 'name', body.name, params.id);
      const maker = await Maker.findByIdAndUpdate(
        params.id,
        { $set: body },
        { returnDocument: 'after' },
      ).lean();
      if (!maker) throw notFound(`No maker ${params.id}.`);
      if (body.name !== undefined) {
        await Flight.updateMany({ makerId: maker._id }, { $set: { makerName: maker.name } });
      }
      return toMakerView(maker);
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/makers/:id',
    tag: 'makers',
    summary: 'Remove a maker that has no vehicles, users or flights (admin).',
    access: { permission: 'catalog:write' },
    params: idParamsSchema,
    successStatus: 204,
    async handle({ params, deps }) {
      const { Flight, Maker, User, Vehicle } = getModels(deps.connection);
      const makerId = toObjectId(params.id);
      if (!(await Maker.exists({ _id: makerId }))) throw notFound(`No maker ${params.id}.`);
      const [vehicles, users, flights] = await Promise.all([
        Vehicle.countDocuments({ makerId }),
        User.countDocuments({ makerId }),
        Flight.countDocuments({ makerId }),
      ]);
      if (vehicles + users + flights > 0) {
        throw conflict(
          'This maker still has vehicles, users or flights; move or remove them first.',
          {
            vehicles,
            users,
            flights,
          },
        );
      }
      await Maker.deleteOne({ _id: makerId });
      return undefined;
    },
  }),
];
