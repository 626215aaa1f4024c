import { z } from 'zod';
import type { Connection } from 'mongoose';
import type { EntityId } from '../../../store/ids.js';
import { visibleVehiclesFilter } from '../../../access/catalogAccess.js';
import { announceCredentialChange } from '../../../auth/credentialChanges.js';
import { getModels } from '../../../store/models/models.js';
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
  _id: EntityId;
  name: string;
  serial: string;
  model?: string | null;
  makerId?: EntityId | null;
  rangeId?: EntityId | null;
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

/** Serial prefix of a record ingest made for a system id nobody had registered. */
const AUTOMATIC_SERIAL_PREFIX = 'auto:';

function isAutomatic(vehicle: { serial: string }): boolean {
  return vehicle.serial.startsWith(AUTOMATIC_SERIAL_PREFIX);
}

/**
 * Who else holds (rangeId, sysId): at most one vehicle may, so ingest knows whose flight it
 * hears. Another registered vehicle is a 409 that names it; an automatic record ("System N",
 * made by ingest) is returned for the caller to take over, flights and all.
 */
async function bindingHolder(
  connection: Connection,
  rangeId: string | null | undefined,
  sysId: number | null | undefined,
  exceptId?: EntityId,
): Promise<StoredVehicle | null> {
  if (!rangeId || sysId === null || sysId === undefined) return null;
  const holders = (
    await getModels(connection)
      .Vehicle.find({ rangeId: toObjectId(rangeId), sysId })
      .lean()
  ).filter((holder) => !exceptId || !holder._id.equals(exceptId));
  const registered = holders.find((holder) => !isAutomatic(holder));
  if (registered) {
    throw conflict(
      `System id ${sysId} on this range is already bound to vehicle "${registered.name}" (${registered._id.toHexString()}); clear its sysId (PATCH sysId: null) before binding another.`,
      { field: 'sysId', vehicleId: registered._id.toHexString() },
    );
  }
  return holders[0] ?? null;
}

/** Flights carry their vehicle's name and maker, so maker scoping follows the vehicle. */
async function refreshFlightsOf(
  connection: Connection,
  vehicle: StoredVehicle,
  fromVehicleId: EntityId = vehicle._id,
): Promise<void> {
  const { Flight, Maker } = getModels(connection);
  const maker = vehicle.makerId ? await Maker.findById(vehicle.makerId).lean() : null;
  await Flight.updateMany(
    { vehicleId: fromVehicleId },
    {
      $set: {
        vehicleId: vehicle._id,
        makerId: vehicle.makerId ?? null,
        makerName: maker?.name ?? '',
        vehicleName: vehicle.name,
      },
    },
  );
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
    summary:
      'Register a vehicle (admin). A (rangeId, sysId) bound to another vehicle is a 409; one only an automatic "System N" record holds is taken over: that record becomes this vehicle, keeping its id and flights.',
    access: { permission: 'catalog:write' },
    body: vehicleBodySchema,
    successStatus: 201,
    response: vehicleViewSchema,
    async handle({ body, deps }) {
      const { Vehicle } = getModels(deps.connection);
      await assertReferencesExist(deps.connection, body);
      await assertUnique(Vehicle, 'vehicle', 'serial', body.serial);
      const automatic = await bindingHolder(deps.connection, body.rangeId, body.sysId);
      if (automatic) {
        const claimed = await Vehicle.findByIdAndUpdate(
          automatic._id,
          { $set: toStored(body) },
          { returnDocument: 'after', runValidators: true },
        ).lean();
        if (!claimed)
          throw notFound(`The automatic record ${automatic._id.toHexString()} is gone; try again.`);
        await refreshFlightsOf(deps.connection, claimed);
        deps.logger.info(
          { vehicleId: claimed._id.toHexString(), sysId: claimed.sysId },
          'registered vehicle took over an automatic record',
        );
        return toVehicleView(claimed);
      }
      const vehicle = await Vehicle.create(toStored(body));
      return toVehicleView(vehicle.toObject());
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/vehicles/:id',
    tag: 'vehicles',
    summary:
      'Change a vehicle (admin). Moving it to another maker moves its flights too, so maker scoping follows the vehicle. Binding it to a (rangeId, sysId) another vehicle holds is a 409; an automatic record holding it is merged in (its flights move here, the record goes).',
    access: { permission: 'catalog:write' },
    params: idParamsSchema,
    body: vehicleBodySchema.partial(),
    response: vehicleViewSchema,
    async handle({ params, body, deps }) {
      const { Vehicle } = getModels(deps.connection);
      await assertReferencesExist(deps.connection, body);
      await assertUnique(Vehicle, 'vehicle', 'serial', body.serial, params.id);
      const current = await Vehicle.findById(params.id).lean();
      if (!current) throw notFound(`No vehicle ${params.id}.`);
      const rebinding = body.rangeId !== undefined || body.sysId !== undefined;
      const automatic = rebinding
        ? await bindingHolder(
            deps.connection,
            body.rangeId !== undefined ? body.rangeId : hexOrNull(current.rangeId),
            body.sysId !== undefined ? body.sysId : current.sysId,
            current._id,
          )
        : null;
      const vehicle = await Vehicle.findByIdAndUpdate(
        params.id,
        { $set: toStored(body) },
        { returnDocument: 'after', runValidators: true },
      ).lean();
      if (!vehicle) throw notFound(`No vehicle ${params.id}.`);
      if (automatic) {
        await refreshFlightsOf(deps.connection, vehicle, automatic._id);
        await Vehicle.deleteOne({ _id: automatic._id });
        deps.logger.info(
          { vehicleId: vehicle._id.toHexString(), merged: automatic._id.toHexString() },
          'vehicle took over an automatic record',
        );
        // The old maker's browsers leave the live rooms of these flights.
        if (body.makerId !== undefined) await announceCredentialChange(deps.connection);
      }
      if (body.makerId !== undefined || body.name !== undefined) {
        await refreshFlightsOf(deps.connection, vehicle);
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
