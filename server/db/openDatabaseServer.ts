import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Logger } from 'pino';
import { type DatabaseServer, DatabaseUnavailableError } from './databaseServer.js';
import { ferretDbCandidates, findFerretDbBinary } from './findFerretDbBinary.js';
import { startFerretDb } from './startFerretDb.js';
import { hasCachedMongod, mayDownloadMongod, startMemoryServer } from './startMemoryServer.js';

export type EmbeddedEngineChoice = 'auto' | 'mongodb-memory-server' | 'ferretdb';

export interface DatabaseServerConfig {
  /** An existing server; when set, nothing is started. */
  mongodbUri?: string | undefined;
  /** Folder for the embedded server's files. */
  dataDir: string;
  /** Explicit path of the FerretDB launcher. */
  ferretdbBin?: string | undefined;
  /** SQLite's synchronous setting for FerretDB: 'full' (the default) or 'normal'. */
  ferretdbSynchronous?: 'full' | 'normal';
  embeddedEngine?: EmbeddedEngineChoice;
  /** Root of the Sortie checkout, where ./.cache/bin/ferretdb lives. */
  projectRoot: string;
}

/**
 * A failed mongod download is remembered this long (in .cache/, shared by the server and the
 * tests), so an offline machine pays the ~7 s download time-out once, not at every start.
 */
const DOWNLOAD_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;
const DOWNLOAD_FAILED_MARKER = '.mongod-download-failed';

/**
 * Finds or starts the database server, in this order: MONGODB_URI; mongodb-memory-server
 * (a cached mongod, or a download on a machine with internet); the embedded FerretDB.
 */
export async function openDatabaseServer(
  config: DatabaseServerConfig,
  logger: Logger,
): Promise<DatabaseServer> {
  if (config.mongodbUri) {
    return { origin: 'uri', uri: config.mongodbUri, stop: async () => {} };
  }
  const dataDir = resolve(config.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const choice = config.embeddedEngine ?? 'auto';

  if (choice !== 'ferretdb') {
    const marker = join(config.projectRoot, '.cache', DOWNLOAD_FAILED_MARKER);
    const reason = await memoryServerSkipReason(marker, choice);
    if (reason === null) {
      try {
        logger.info(
          { dataDir: join(dataDir, 'mongod') },
          'starting mongod (mongodb-memory-server)',
        );
        return await startMemoryServer(join(dataDir, 'mongod'));
      } catch (error) {
        const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
        if (choice === 'mongodb-memory-server') {
          throw new DatabaseUnavailableError(
            `mongodb-memory-server could not start mongod: ${message}`,
          );
        }
        mkdirSync(dirname(marker), { recursive: true });
        writeFileSync(marker, new Date().toISOString());
        logger.warn(
          { reason: message },
          'mongodb-memory-server has no mongod binary; falling back to FerretDB (this is remembered for 24 h)',
        );
      }
    } else {
      logger.info({ reason }, 'skipping mongodb-memory-server');
    }
  }

  const ferretdbBin = findFerretDbBinary(config.ferretdbBin, config.projectRoot);
  if (ferretdbBin) {
    const ferretDataDir = join(dataDir, 'ferretdb');
    logger.info({ binary: ferretdbBin, dataDir: ferretDataDir }, 'starting embedded FerretDB');
    return startFerretDb(
      {
        binaryPath: ferretdbBin,
        dataDir: ferretDataDir,
        synchronous: config.ferretdbSynchronous ?? 'full',
      },
      logger,
    );
  }

  throw new DatabaseUnavailableError(
    [
      'No database is available. Sortie needs one of:',
      '  1. MONGODB_URI=mongodb://host:port pointing at a running MongoDB (or FerretDB) server;',
      '  2. internet access once, so mongodb-memory-server can download mongod (or MONGOMS_SYSTEM_BINARY=/path/to/mongod);',
      `  3. the embedded FerretDB: run 'npm run install-ferretdb' (needs Go ≥ 1.24), or set FERRETDB_BIN. Looked in: ${ferretDbCandidates(config.ferretdbBin, config.projectRoot).slice(0, 3).join(', ')}.`,
    ].join('\n'),
  );
}

/** Why mongodb-memory-server should not be tried, or null to try it. */
async function memoryServerSkipReason(
  marker: string,
  choice: EmbeddedEngineChoice,
): Promise<string | null> {
  if (await hasCachedMongod()) return null;
  if (choice === 'mongodb-memory-server') return null;
  if (!mayDownloadMongod())
    return 'no cached mongod and MONGOMS_RUNTIME_DOWNLOAD forbids a download';
  if (existsSync(marker)) {
    const failedAtMs = Date.parse(readFileSync(marker, 'utf8').trim());
    if (Number.isFinite(failedAtMs) && Date.now() - failedAtMs < DOWNLOAD_RETRY_AFTER_MS) {
      return `the mongod download failed at ${new Date(failedAtMs).toISOString()}; retried after 24 h (delete ${marker} to retry now)`;
    }
  }
  return null;
}
