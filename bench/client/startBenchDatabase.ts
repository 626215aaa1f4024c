import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../server/config.js';
import { connectDatabase } from '../../server/db/connectDatabase.js';
import { createLogger } from '../../server/logger.js';

/** A throw-away database server for the benchmark, found the way the server finds one. */
export async function startBenchDatabase(): Promise<{ serverUri: string; close(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sortie-bench-db-'));
  const database = await connectDatabase(
    {
      mongodbUri: process.env.MONGODB_URI,
      dataDir,
      dbName: 'sortie_bench_setup',
      projectRoot: PROJECT_ROOT,
      ferretdbBin: process.env.FERRETDB_BIN,
    },
    createLogger('warn', 'bench-db'),
  );
  return {
    serverUri: database.serverUri,
    async close() {
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
