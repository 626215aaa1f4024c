import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EntityId } from '../../../server/store/ids.js';
import {
  authenticateApiKey,
  createApiKey,
  listApiKeys,
  revokeApiKey,
  rotateApiKey,
} from '../../../server/auth/apiKeys.js';
import type { Database } from '../../../server/db/connectDatabase.js';
import { getModels } from '../../../server/store/models/models.js';
import { openTestDatabase } from '../../support/testDatabase.js';

describe('ground-link API keys', () => {
  let database: Database;

  beforeAll(async () => {
    database = await openTestDatabase('apiKeys');
  });
  afterAll(async () => {
    await database?.close();
  });

  it('makes a key of the form sortie_<prefix>_<secret> that authenticates as its name and range', async () => {
    const rangeId = new EntityId().toHexString();
    const { key, apiKey } = await createApiKey(database.connection, { name: 'north', rangeId });

    expect(key).toMatch(/^sortie_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(key.startsWith(`sortie_${apiKey.prefix}_`)).toBe(true);
    expect(await authenticateApiKey(database.connection, key)).toEqual({
      apiKeyId: apiKey.id,
      name: 'north',
      rangeId,
      prefix: apiKey.prefix,
    });
  });

  it('stores only the SHA-256 of the key, never the key', async () => {
    const { key, apiKey } = await createApiKey(database.connection, {
      name: 'hash',
      rangeId: null,
    });
    const stored = await database.connection.db!.collection('apiKeys').findOne({ name: 'hash' });

    // The secret is all after `sortie_<prefix>_`; it may itself hold underscores.
    const secret = key.slice(`sortie_${apiKey.prefix}_`.length);
    expect(secret).toHaveLength(43);
    expect(JSON.stringify(stored)).not.toContain(secret);
    expect(stored?.keySha256).toMatch(/^[0-9a-f]{64}$/);
    expect(stored?.prefix).toBe(apiKey.prefix);
  });

  it('refuses a key whose secret differs in one character', async () => {
    const { key } = await createApiKey(database.connection, { name: 'typo', rangeId: null });
    const last = key.at(-1) === 'A' ? 'B' : 'A';

    expect(await authenticateApiKey(database.connection, key.slice(0, -1) + last)).toBeNull();
  });

  it('refuses malformed and unknown keys', async () => {
    expect(await authenticateApiKey(database.connection, '')).toBeNull();
    expect(await authenticateApiKey(database.connection, 'sortie_zz_nope')).toBeNull();
    expect(
      await authenticateApiKey(database.connection, `sortie_000000000000_${'a'.repeat(43)}`),
    ).toBeNull();
  });

  it('refuses a revoked key and lists it as revoked', async () => {
    const { key, apiKey } = await createApiKey(database.connection, {
      name: 'old',
      rangeId: null,
    });

    const revoked = await revokeApiKey(database.connection, 'old');

    expect(revoked?.revokedAt).toBeInstanceOf(Date);
    expect(await authenticateApiKey(database.connection, key)).toBeNull();
    const listed = (await listApiKeys(database.connection)).find((k) => k.id === apiKey.id);
    expect(listed?.revokedAt).toBeInstanceOf(Date);
  });

  it('revokes by prefix and answers null for a key that does not exist', async () => {
    const { key, apiKey } = await createApiKey(database.connection, { name: 'px', rangeId: null });

    expect((await revokeApiKey(database.connection, apiKey.prefix))?.id).toBe(apiKey.id);
    expect(await authenticateApiKey(database.connection, key)).toBeNull();
    expect(await revokeApiKey(database.connection, 'no-such-key')).toBeNull();
  });

  it('records when a key was last used', async () => {
    const { key, apiKey } = await createApiKey(database.connection, {
      name: 'used',
      rangeId: null,
    });
    const before = Date.now();

    await authenticateApiKey(database.connection, key);

    const stored = await getModels(database.connection).ApiKey.findById(apiKey.id).lean();
    expect(stored?.lastUsedAt?.getTime()).toBeGreaterThanOrEqual(before - 1);
  });

  it('rotates a key by name: the new secret works, the old one no longer does, one record', async () => {
    const first = await rotateApiKey(database.connection, { name: 'local', rangeId: null });
    await revokeApiKey(database.connection, 'local');
    const second = await rotateApiKey(database.connection, { name: 'local', rangeId: null });

    expect(await authenticateApiKey(database.connection, first.key)).toBeNull();
    expect(await authenticateApiKey(database.connection, second.key)).toMatchObject({
      name: 'local',
    });
    expect(second.apiKey.id).toBe(first.apiKey.id);
    expect(second.apiKey.revokedAt).toBeNull();
    expect((await listApiKeys(database.connection)).filter((k) => k.name === 'local')).toHaveLength(
      1,
    );
  });
});
