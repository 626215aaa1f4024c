import { type Connection } from 'mongoose';
import { EntityId } from '../store/ids.js';
import { getModels } from '../store/models/models.js';

export interface ResolvedVehicle {
  vehicleId: string;
  vehicleName: string;
  makerId: string | null;
  makerName: string;
}

/**
 * The vehicle a system id on a range stands for. One heard for the first time is registered
 * unassigned (no maker) with serial `auto:<rangeId or none>:<sysId>` until an admin registers
 * the real vehicle for that (range, sysId), which takes the record over (see the vehicle routes).
 */
export async function resolveVehicle(
  connection: Connection,
  rangeId: string | null,
  sysId: number,
): Promise<ResolvedVehicle> {
  const { Vehicle, Maker } = getModels(connection);
  const range = rangeId === null ? null : new EntityId(rangeId);
  const serial = `auto:${rangeId ?? 'none'}:${sysId}`;
  // The REST API keeps one vehicle per (range, sysId); where older data holds an automatic
  // record beside a registered vehicle, the registered one is whose flight this is.
  const holders = await Vehicle.find({ rangeId: range, sysId }).lean();
  let vehicle = holders.find((holder) => !holder.serial.startsWith('auto:')) ?? holders[0] ?? null;
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
