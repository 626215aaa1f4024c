import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../server/config.js';
import { connectDatabase } from '../../../server/db/connectDatabase.js';
import { DatabaseUnavailableError } from '../../../server/db/databaseServer.js';
import { silentLogger } from '../../support/testDatabase.js';

const tempDirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sortie-embedded-'));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

describe('the embedded database server', () => {
  it('keeps data across a restart on the same data folder', async () => {
    const dataDir = tempDir();
    const config = { dataDir, dbName: 'restart', projectRoot: PROJECT_ROOT, mongodbUri: undefined };

    const first = await connectDatabase(config, silentLogger);
    expect(first.origin).not.toBe('uri');
    await first.connection
      .db!.collection('flights')
      .insertOne({ _id: 'f1' as never, vehicle: 'X8' });
    await first.close();

    const second = await connectDatabase(config, silentLogger);
    const flight = await second.connection
      .db!.collection('flights')
      .findOne({ _id: 'f1' as never });
    await second.close();

    expect(flight?.vehicle).toBe('X8');
  });

  it('fails fast with a message naming the URI when MONGODB_URI points nowhere', async () => {
    const startedMs = Date.now();
    const error = await connectDatabase(
      {
        mongodbUri: 'mongodb://127.0.0.1:1/x',
        dataDir: tempDir(),
        dbName: 'nowhere',
        projectRoot: PROJECT_ROOT,
        connectTimeoutMs: 1_000,
      },
      silentLogger,
    ).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    expect((error as Error).message).toContain('mongodb://127.0.0.1:1/x');
    expect((error as Error).message).toContain('MONGODB_URI');
    expect(Date.now() - startedMs).toBeLessThan(10_000);
  });

  it('lists the three ways to get a database when none can be had', async () => {
    const error = await connectDatabase(
      {
        dataDir: tempDir(),
        dbName: 'none',
        // A project root without .cache/bin/ferretdb and a FERRETDB_BIN that does not exist.
        projectRoot: tempDir(),
        ferretdbBin: '/nonexistent/ferretdb',
        embeddedEngine: 'ferretdb',
      },
      silentLogger,
    ).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    const message = (error as Error).message;
    expect(message).toContain('MONGODB_URI');
    expect(message).toContain('mongodb-memory-server');
    expect(message).toContain('npm run install-ferretdb');
    expect(message).toContain('/nonexistent/ferretdb');
  });
});
