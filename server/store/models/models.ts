import type { Connection, Model } from 'mongoose';
import { apiKeySchema, type ApiKeyDoc } from './apiKey.js';
import { flightSchema, type FlightDoc } from './flight.js';
import { makerSchema, type MakerDoc } from './maker.js';
import { rangeSchema, type RangeDoc } from './range.js';
import { userSchema, type UserDoc } from './user.js';
import { vehicleSchema, type VehicleDoc } from './vehicle.js';

/** The shared models, bound to one connection (tests open one connection per file). */
export interface Models {
  ApiKey: Model<ApiKeyDoc>;
  Flight: Model<FlightDoc>;
  Maker: Model<MakerDoc>;
  Range: Model<RangeDoc>;
  User: Model<UserDoc>;
  Vehicle: Model<VehicleDoc>;
}

const cache = new WeakMap<Connection, Models>();

export function getModels(connection: Connection): Models {
  let models = cache.get(connection);
  if (!models) {
    models = {
      ApiKey: connection.model('ApiKey', apiKeySchema, 'apiKeys'),
      Flight: connection.model('Flight', flightSchema, 'flights'),
      Maker: connection.model('Maker', makerSchema, 'makers'),
      Range: connection.model('Range', rangeSchema, 'ranges'),
      User: connection.model('User', userSchema, 'users'),
      Vehicle: connection.model('Vehicle', vehicleSchema, 'vehicles'),
    };
    cache.set(connection, models);
  }
  return models;
}

/** Creates the indexes the schemas declare (autoIndex is off, so this runs once at start-up). */
export async function syncModelIndexes(connection: Connection): Promise<void> {
  for (const model of Object.values(getModels(connection))) {
    await (model as Model<unknown>).createIndexes();
  }
}
