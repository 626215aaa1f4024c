import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.js';
import { connectDatabase, type Database } from '../../server/db/connectDatabase.js';
import { createLogger } from '../../server/logger.js';
import { attachKeyPair } from '../../server/signing/rangeSigner.js';

export const silentLogger = createLogger('silent');

/**
 * A database of its own for one test file, on the run's shared server (see globalSetup).
 * `close()` drops it, so runs leave nothing behind.
 */
export async function openTestDatabase(label: string): Promise<Database> {
  const safeLabel = label.replace(/[^A-Za-z0-9]/g, '_').slice(0, 24);
  const dbName = `t_${safeLabel}_${randomBytes(4).toString('hex')}`;
  const database = await connectDatabase(
    {
      mongodbUri: inject('databaseServerUri'),
      dataDir: '',
      dbName,
      projectRoot: PROJECT_ROOT,
    },
    silentLogger,
  );
  // Evaluations are signed: each test database gets a range key of its own.
  await attachKeyPair(database.connection, generateKeyPairSync('ed25519'));
  return {
    ...database,
    async close() {
      await database.connection.dropDatabase();
      await database.close();
    },
  };
}
