import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LinkRegistry } from '../../../server/ingest/linkRegistry.js';
import type { Database } from '../../../server/db/connectDatabase.js';
import { openTestDatabase, silentLogger } from '../../support/testDatabase.js';
import { TEST_SETTINGS } from './ingestHarness.js';

describe('link registry', () => {
  let database: Database;

  beforeAll(async () => {
    database = await openTestDatabase('linkRegistry');
  });
  afterAll(async () => {
    await database?.close();
  });

  it('lets a link that reconnects at once wait for its last compactor to finish, so one folds at a time', async () => {
    const registry = new LinkRegistry((linkId, apiKeyId, rangeId) => ({
      connection: database.connection,
      linkId,
      apiKeyId,
      rangeId,
      settings: TEST_SETTINGS,
      logger: silentLogger,
      instanceId: 'registry-test',
    }));
    const first = await registry.acquire('quick-link', 'key', null);
    // The old compactor takes a while to finish its queue (a slow database, a big last pass).
    let firstStopped = false;
    const stop = first.compactor.stop.bind(first.compactor);
    first.compactor.stop = async () => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      await stop();
      firstStopped = true;
    };

    const released = registry.release('quick-link');
    const second = await registry.acquire('quick-link', 'key', null);

    expect(firstStopped).toBe(true);
    expect(second.compactor).not.toBe(first.compactor);
    expect(registry.compactors()).toEqual([second.compactor]);
    await released;
    await registry.closeAll();
  });
});
