import { mkdirSync } from 'node:fs';
import { DryMongoBinary, MongoMemoryServer } from 'mongodb-memory-server';
import type { DatabaseServer } from './databaseServer.js';

/** True when mongodb-memory-server already has a `mongod` binary and needs no download. */
export async function hasCachedMongod(): Promise<boolean> {
  if (process.env.MONGOMS_SYSTEM_BINARY) return true;
  try {
    const options = await DryMongoBinary.generateOptions();
    return (await DryMongoBinary.locateBinary(options)) !== undefined;
  } catch {
    return false;
  }
}

/** True unless the user told mongodb-memory-server not to download (MONGOMS_RUNTIME_DOWNLOAD). */
export function mayDownloadMongod(): boolean {
  const setting = process.env.MONGOMS_RUNTIME_DOWNLOAD?.trim().toLowerCase();
  return !(setting === 'false' || setting === '0' || setting === 'no' || setting === 'off');
}

/**
 * Starts `mongod` through mongodb-memory-server on a persistent wiredTiger folder, so data
 * survives restarts (the "memory" server here is only the binary manager).
 */
export async function startMemoryServer(dataDir: string): Promise<DatabaseServer> {
  mkdirSync(dataDir, { recursive: true });
  const server = await MongoMemoryServer.create({
    instance: { dbPath: dataDir, storageEngine: 'wiredTiger' },
  });
  let stopping: Promise<void> | null = null;
  return {
    origin: 'mongodb-memory-server',
    uri: server.getUri(),
    stop() {
      stopping ??= server.stop({ doCleanup: false }).then(() => undefined);
      return stopping;
    },
  };
}
