import type { Logger } from 'pino';
import type { DatabaseServer } from './databaseServer.js';
import { spawnFerretDb } from './ferretDbProcess.js';
import { freePort } from './freePort.js';
import { keepEngineRunning, type RestartBackoff } from './keepEngineRunning.js';

export interface FerretDbOptions {
  binaryPath: string;
  /** Folder for FerretDB's SQLite files. */
  dataDir: string;
  port?: number;
  /**
   * SQLite's synchronous setting: 'full' fsyncs every commit (an acked write survives a power
   * loss); 'normal' fsyncs the WAL only at checkpoints (survives a crash of the process, not a
   * power loss or an operating-system crash).
   */
  synchronous?: 'full' | 'normal';
  /** How soon a FerretDB that died is started again (see keepEngineRunning). */
  restartBackoff?: RestartBackoff;
}

/**
 * Starts the embedded FerretDB on a free loopback port and keeps it running: one that dies is
 * started again on the same port and data folder, so the driver's connection string stays
 * valid and the driver reconnects by itself, to everything acked before.
 */
export async function startFerretDb(
  options: FerretDbOptions,
  logger: Logger,
): Promise<DatabaseServer> {
  const port = options.port ?? (await freePort());
  const listenAddr = `127.0.0.1:${port}`;
  const start = () =>
    spawnFerretDb(
      {
        binaryPath: options.binaryPath,
        dataDir: options.dataDir,
        listenAddr,
        ...(options.synchronous ? { synchronous: options.synchronous } : {}),
      },
      logger,
    );
  const first = await start();
  const supervisor = keepEngineRunning(first, start, logger, options.restartBackoff);
  return {
    origin: 'ferretdb-embedded',
    uri: `mongodb://${listenAddr}/`,
    launcherVersion: first.launcherVersion,
    stop: () => supervisor.stop(),
    onRunningChange: (listener) => supervisor.onRunningChange(listener),
  };
}
