import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import type { Store } from '../../store/store.js';
import type { FlightDataSource } from './flights/flightDataSource.js';

/** What every route may use. */
export interface ApiDependencies {
  store: Store;
  /** Being replaced by `store`: routes still on the connection reach models through it. */
  connection: Connection;
  config: Config;
  logger: Logger;
  /** Stored series, events and raw bytes of flights (server/flights). */
  flightData: FlightDataSource;
}
