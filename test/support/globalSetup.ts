import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { PROJECT_ROOT } from '../../server/config.js';
import { connectDatabase } from '../../server/db/connectDatabase.js';
import { createLogger } from '../../server/logger.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Connection string of the test run's database server, without a database name. */
    databaseServerUri: string;
    databaseEngine: string;
  }
}

/**
 * Starts one real database server for the whole test run, through the same connectDatabase the
 * server uses (MONGODB_URI if set, else mongod via mongodb-memory-server, else FerretDB), in a
 * throw-away data folder.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sortie-test-db-'));
  const logger = createLogger(process.env.LOG_LEVEL === 'debug' ? 'debug' : 'warn', 'test-db');
  const database = await connectDatabase(
    {
      mongodbUri: process.env.MONGODB_URI,
      dataDir,
      dbName: 'sortie_test_setup',
      projectRoot: PROJECT_ROOT,
      ferretdbBin: process.env.FERRETDB_BIN,
    },
    logger,
  );
  console.log(`test database: ${database.engine} ${database.engineVersion} (${database.origin})`);
  project.provide('databaseServerUri', database.serverUri);
  project.provide('databaseEngine', database.engine);
  return async () => {
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
