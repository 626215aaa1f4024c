import { z } from 'zod';
import type { Types } from 'mongoose';
import { visibleVehiclesFilter } from '../../../access/catalogAccess.js';
import { announceCredentialChange } from '../../../auth/credentialChanges.js';
import { getModels } from '../../../models/models.js';
import { conflict, notFound } from '../../httpError.js';
import { assertReferencesExist } from '../catalogReferences.js';
import {
  hexOrNull,
  idParamsSchema,
  nameSchema,
  nullableObjectIdSchema,
  objectIdSchema,
  toObjectId,
  toObjectIdOrNull,
} from '../commonSchemas.js';
import { assertUnique } from '../assertUnique.js';
import { defineRoute } from '../defineRoute.js';

const vehicleBodySchema = z
  .strictObject({
    name: nameSchema,
    serial: nameSchema,
    model: z.string().trim().max(120).nullable().optional(),
    makerId: nullableObjectIdSchema.optional(),
    rangeId: nullableObjectIdSchema.optional(),
    sysId: z.number().int().min(1).max(255).nullable().optional(),
  })
  .meta({ id: 'VehicleInput' });

type VehicleBody = Partial<z.infer<typeof vehicleBodySchema>>;

const vehicleViewSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    serial: z.string(),
    model: z.string().nullable(),
    makerId: z.string().nullable(),
    rangeId: z.string().nullable(),
    sysId: z.number().nullable(),
  })
  .meta({ id: 'Vehicle' });

interface StoredVehicle {
  _id: Types.ObjectId;
  name: string;
  serial: string;
  model?: string | null;
  makerId?: Types.ObjectId | null;
  rangeId?: Types.ObjectId | null;
  sysId?: number | null;
}

function toVehicleView(vehicle: StoredVehicle): z.infer<typeof vehicleViewSchema> {
  return {
    id: vehicle._id.toHexString(),
    name: vehicle.name,
    serial: vehicle.serial,
    model: vehicle.model ?? null,
    makerId: hexOrNull(vehicle.makerId),
    rangeId: hexOrNull(vehicle.rangeId),
    sysId: vehicle.sysId ?? null,
  };
}

function toStored(body: VehicleBody): Record<string, unknown> {
  const { makerId, rangeId, ...rest } = body;
  return {
    ...rest,
    ...(makerId !== undefined ? { makerId: toObjectIdOrNull(makerId) } : {}),
    ...(rangeId !== undefined ? { rangeId: toObjectIdOrNull(rangeId) } : {}),
  };
}

export const vehicleRoutes = [
  defineRoute({
    method: 'get',
    path: '/vehicles',
    tag: 'vehicles',
    summary: 'Vehicles (a maker user sees only its own), optionally of one maker or range.',
    access: { permission: 'catalog:read' },
    query: z.strictObject({ maker: objectIdSchema.optional(), range: objectIdSchema.optional() }),
    response: z.object({ vehicles: z.array(vehicleViewSchema) }),
    async handle({ query, user, deps }) {
      const wanted: Record<string, unknown> = {};
      if (query.maker) wanted.makerId = toObjectId(query.maker);
      if (query.range) wanted.rangeId = toObjectId(query.range);
      const vehicles = await getModels(deps.connection)
        .Vehicle.find({ $and: [visibleVehiclesFilter(user), wanted] })
        .sort({ name: 1 })
        .lean();
      return { vehicles: vehicles.map(toVehicleView) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/vehicles/:id',
    tag: 'vehicles',
    summary: 'One vehicle.',
    access: { permission: 'catalog:read' },
    params: idParamsSchema,
    response: vehicleViewSchema,
    async handle({ params, user, deps }) {
      const vehicle = await getModels(deps.connection)
        .Vehicle.findOne({ $and: [{ _id: toObjectId(params.id) }, visibleVehiclesFilter(user)] })
        .lean();
      if (!vehicle) throw notFound(`No vehicle ${params.id}.`);
      return toVehicleView(vehicle);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/vehicles',
    tag: 'vehicles',
    summary: 'Register a vehicle (admin).',
    access: { permission: 'catalog:write' },
    body: vehicleBodySchema,
    successStatus: 201,
    response: vehicleViewSchema,
    async handle({ body, deps }) {
      await assertReferencesExist(deps.connection, body);
      await assertUnique(getModels(deps.connection).Vehicle, 'vehicle', 'serial', body.serial);
      const vehicle = await getModels(deps.connection).Vehicle.create(toStored(body));
      return toVehicleView(vehicle.toObject());
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/vehicles/:id',
    tag: 'vehicles',
    summary:
      'Change a vehicle (admin). Moving it to another maker moves its flights too, so maker scoping follows the vehicle.',
    access: { permission: 'catalog:write' },
    params: idParamsSchema,
    body: vehicleBodySchema.partial(),
    response: vehicleViewSchema,
    async handle({ params, body, deps }) {
      const { Flight, Maker, Vehicle } = getModels(deps.connection);
      await assertReferencesExist(deps.connection, body);
      await assertUnique(Vehicle, 'vehicle', 'serial', body.serial, params.id);
      const vehicle = await Vehicle.findByIdAndUpdate(
        params.id,
        { $set: toStored(body) },
        { new: true, runValidators: true },
      ).lean();
      if (!vehicle) throw notFound(`No vehicle ${params.id}.`);
      if (body.makerId !== undefined || body.name !== undefined) {
        const maker = vehicle.makerId ? await Maker.findById(vehicle.makerId).lean() : null;
        await Flight.updateMany(
          { vehicleId: vehicle._id },
          {
            $set: {
              makerId: vehicle.makerId ?? null,
              makerName: maker?.name ?? '',
              vehicleName: vehicle.name,
            },
          },
        );
        // The old maker's browsers leave the live rooms of these flights.
        if (body.makerId !== undefined) await announceCredentialChange(deps.connection);
      }
      return toVehicleView(vehicle);
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/vehicles/:id',
    tag: 'vehicles',
    summary: 'Remove a vehicle that has no flights (admin).',
    access: { permission: 'catalog:write' },
    params: idParamsSchema,
    successStatus: 204,
    async handle({ params, deps }) {
      const { Flight, Vehicle } = getModels(deps.connection);
      const vehicleId = toObjectId(params.id);
      if (!(await Vehicle.exists({ _id: vehicleId }))) throw notFound(`No vehicle ${params.id}.`);
      const flights = await Flight.countDocuments({ vehicleId });
      if (flights > 0) {
        throw conflict(`This vehicle has ${flights} flights; flights are evidence and stay.`, {
          flights,
        });
      }
      await Vehicle.deleteOne({ _id: vehicleId });
      return undefined;
    },
  }),
];
