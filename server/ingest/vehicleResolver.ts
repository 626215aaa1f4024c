import { Types, type Connection } from 'mongoose';
import { getModels } from '../models/models.js';

export interface ResolvedVehicle {
  vehicleId: string;
  vehicleName: string;
  makerId: string | null;
  makerName: string;
}

/**
 * The vehicle a system id on a range stands for. One heard for the first time is registered
 * unassigned (no maker) with serial `auto:<rangeId or none>:<sysId>` until an admin assigns it.
 */
export async function resolveVehicle(
  connection: Connection,
  rangeId: string | null,
  sysId: number,
): Promise<ResolvedVehicle> {
  const { Vehicle, Maker } = getModels(connection);
  const range = rangeId === null ? null : new Types.ObjectId(rangeId);
  const serial = `auto:${rangeId ?? 'none'}:${sysId}`;
  let vehicle = await Vehicle.findOne({ rangeId: range, sysId }).lean();
  if (!vehicle) {
    // Upsert on the unique serial: two links hearing a new vehicle at once make one record.
    vehicle = await Vehicle.findOneAndUpdate(
      { serial },
      { $setOnInsert: { name: `System ${sysId}`, serial, rangeId: range, sysId, makerId: null } },
      { upsert: true, returnDocument: 'after' },
    ).lean();
  }
  if (!vehicle) throw new Error(`vehicle ${serial} could not be registered`);
  const maker = vehicle.makerId ? await Maker.findById(vehicle.makerId).lean() : null;
  return {
    vehicleId: vehicle._id.toHexString(),
    vehicleName: vehicle.name,
    makerId: vehicle.makerId ? vehicle.makerId.toHexString() : null,
    makerName: maker?.name ?? '',
  };
}
