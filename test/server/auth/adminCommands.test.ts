import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdminCommandError,
  createKeyCommand,
  createUserCommand,
  listKeysCommand,
  revokeKeyCommand,
} from '../../../server/admin/adminCommands.js';
import { authenticateApiKey } from '../../../server/auth/apiKeys.js';
import { verifyPassword } from '../../../server/auth/passwords.js';
import type { Database } from '../../../server/db/connectDatabase.js';
import { getModels } from '../../../server/store/models/models.js';
import { openTestDatabase } from '../../support/testDatabase.js';

describe('npm run admin commands', () => {
  let database: Database;

  beforeAll(async () => {
    database = await openTestDatabase('adminCli');
    const { Maker, Range } = getModels(database.connection);
    await Maker.create({ name: 'Aero A' });
    await Range.create({ name: 'Goheung', origin: { latDeg: 34.6, lonDeg: 127.2 } });
  });
  afterAll(async () => {
    await database?.close();
  });

  it('create-key prints a key that authenticates for the named range; list-keys never shows it', async () => {
    const lines = await createKeyCommand(database.connection, { name: 'north', range: 'Goheung' });
    const key = lines.at(-1)!;
    const range = await getModels(database.connection).Range.findOne({ name: 'Goheung' }).lean();

    expect((await authenticateApiKey(database.connection, key))?.rangeId).toBe(
      range!._id.toHexString(),
    );
    const listed = (await listKeysCommand(database.connection)).join('\n');
    expect(listed).toContain('north');
    expect(listed).not.toContain(key);
  });

  it('revoke-key by name stops the key from working', async () => {
    const key = (await createKeyCommand(database.connection, { name: 'south' })).at(-1)!;

    await revokeKeyCommand(database.connection, 'south');

    expect(await authenticateApiKey(database.connection, key)).toBeNull();
  });

  it('refuses a key for an unknown range and a second key with the same name', async () => {
    await expect(
      createKeyCommand(database.connection, { name: 'x', range: 'Atlantis' }),
    ).rejects.toThrow(AdminCommandError);
    await expect(createKeyCommand(database.connection, { name: 'north' })).rejects.toThrow(
      /named "north" exists/,
    );
  });

  it('create-user makes a maker user of the named maker with the printed password', async () => {
    const lines = await createUserCommand(database.connection, {
      email: 'QA@aero-a.kr',
      role: 'maker',
      maker: 'Aero A',
    });
    const password = lines.at(-1)!;

    const stored = await getModels(database.connection)
      .User.findOne({ email: 'qa@aero-a.kr' })
      .select('+passwordHash')
      .lean();
    expect(stored?.role).toBe('maker');
    expect(stored?.makerId).not.toBeNull();
    expect(await verifyPassword(stored!.passwordHash, password)).toBe(true);
  });

  it('create-user refuses a maker user without --maker', async () => {
    await expect(
      createUserCommand(database.connection, { email: 'm@x.kr', role: 'maker' }),
    ).rejects.toThrow(/needs --maker/);
    expect(await getModels(database.connection).User.exists({ email: 'm@x.kr' })).toBeNull();
  });
});
