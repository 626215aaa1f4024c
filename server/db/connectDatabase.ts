import mongoose, { type Connection } from 'mongoose';
import type { Logger } from 'pino';
import {
  type DatabaseEngine,
  type DatabaseOrigin,
  type DatabaseServer,
  DatabaseUnavailableError,
} from './databaseServer.js';
import { availabilityOf, type DatabaseAvailability } from './databaseAvailability.js';
import { openDatabaseServer, type DatabaseServerConfig } from './openDatabaseServer.js';
import { redactUri } from './redactUri.js';

export interface DatabaseConfig extends DatabaseServerConfig {
  dbName: string;
  /** How long to wait for the server to answer before giving up [ms]. */
  connectTimeoutMs?: number;
}

/** An open database: the mongoose connection plus what the health check reports. */
export interface Database {
  connection: Connection;
  engine: DatabaseEngine;
  engineVersion: string;
  origin: DatabaseOrigin;
  /** Server URI without credentials or database name, for logs. */
  displayUri: string;
  /** Connection string without a database name, for other connections to the same server. */
  serverUri: string;
  /** Whether the database answers now, known without asking it (see DatabaseAvailability). */
  availability: DatabaseAvailability;
  /** Closes the connection and stops an embedded server. */
  close(): Promise<void>;
}

/**
 * The one way Sortie gets a database: finds or starts the server (see openDatabaseServer),
 * connects mongoose to `dbName` on it, and learns the engine and its version.
 */
export async function connectDatabase(config: DatabaseConfig, logger: Logger): Promise<Database> {
  const server = await openDatabaseServer(config, logger);
  try {
    return await connectTo(server, config, logger);
  } catch (error) {
    await server.stop();
    throw error;
  }
}

async function connectTo(
  server: DatabaseServer,
  config: DatabaseConfig,
  logger: Logger,
): Promise<Database> {
  const displayUri = redactUri(server.uri);
  const connection = mongoose.createConnection(server.uri, {
    dbName: config.dbName,
    serverSelectionTimeoutMS: config.connectTimeoutMs ?? 5_000,
    // Never build indexes behind the application's back; models call syncIndexes explicitly.
    autoIndex: false,
  });
  try {
    await connection.asPromise();
  } catch (error) {
    await connection.close().catch(() => {});
    const reason = error instanceof Error ? error.message : String(error);
    const source = server.origin === 'uri' ? ' (MONGODB_URI)' : '';
    throw new DatabaseUnavailableError(
      `Cannot reach the database at ${displayUri}${source}: ${reason}`,
    );
  }

  const { engine, engineVersion } = await identifyEngine(connection, server.launcherVersion);
  const availability = availabilityOf(connection, logger);
  server.onRunningChange?.((running) => availability.noteEngineRunning(running));
  logger.info(
    { engine, engineVersion, origin: server.origin, uri: displayUri, dbName: config.dbName },
    `database ready: ${engine} ${engineVersion}`,
  );
  return {
    connection,
    engine,
    engineVersion,
    origin: server.origin,
    displayUri,
    serverUri: server.uri,
    availability,
    async close() {
      await connection.close();
      await server.stop();
    },
  };
}

/**
 * FerretDB answers buildInfo with its own version beside the MongoDB version it emulates.
 * Built from the Go module it says "unknown" (its version files are made at release time),
 * so the launcher's own report is preferred when Sortie started it.
 */
async function identifyEngine(
  connection: Connection,
  launcherVersion: string | undefined,
): Promise<{ engine: DatabaseEngine; engineVersion: string }> {
  const info = (await connection.db!.admin().buildInfo()) as {
    version?: string;
    ferretdbVersion?: string;
    ferretdb?: { version?: string };
  };
  const ferretVersion = info.ferretdbVersion ?? info.ferretdb?.version;
  if (ferretVersion) {
    const reported = ferretVersion === 'unknown' ? undefined : ferretVersion.replace(/^v/, '');
    const version =
      launcherVersion ?? reported ?? `unknown (MongoDB ${info.version ?? '?'} compatible)`;
    return { engine: 'ferretdb', engineVersion: version };
  }
  return { engine: 'mongodb', engineVersion: info.version ?? 'unknown' };
}
