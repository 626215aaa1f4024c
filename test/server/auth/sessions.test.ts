import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSession,
  deleteSession,
  deleteSessionsOfUser,
  userFromSessionCookie,
} from '../../../server/auth/sessions.js';
import { sessionModel } from '../../../server/store/models/session.js';
import { sha256Hex } from '../../../server/auth/sha256.js';
import type { Database } from '../../../server/db/connectDatabase.js';
import { getModels } from '../../../server/store/models/models.js';
import { openTestDatabase } from '../../support/testDatabase.js';

const HOUR_MS = 3_600_000;

describe('sessions', () => {
  let database: Database;
  let userId: string;
  let makerId: string;

  beforeAll(async () => {
    database = await openTestDatabase('sessions');
    const { Maker, User } = getModels(database.connection);
    const maker = await Maker.create({ name: 'Aero A' });
    makerId = maker._id.toHexString();
    const user = await User.create({
      email: 'pilot@aero-a.kr',
      name: 'Pilot A',
      role: 'maker',
      makerId: maker._id,
      passwordHash: 'x',
    });
    userId = user._id.toHexString();
  });
  afterAll(async () => {
    await database?.close();
  });

  it('finds the user of a session cookie among other cookies', async () => {
    const { token } = await createSession(database.connection, userId, HOUR_MS);

    const user = await userFromSessionCookie(
      database.connection,
      `theme=dark; sortie_session=${token}; other=1`,
    );

    expect(user).toEqual({
      id: userId,
      email: 'pilot@aero-a.kr',
      name: 'Pilot A',
      role: 'maker',
      makerId,
    });
  });

  it('stores the token only as its SHA-256', async () => {
    const { token } = await createSession(database.connection, userId, HOUR_MS);

    expect(await sessionModel(database.connection).findById(token).lean()).toBeNull();
    expect(
      await sessionModel(database.connection).findById(sha256Hex(token)).lean(),
    ).not.toBeNull();
  });

  it('answers null without a cookie, with a forged token and after logout', async () => {
    const { token } = await createSession(database.connection, userId, HOUR_MS);

    expect(await userFromSessionCookie(database.connection, undefined)).toBeNull();
    expect(
      await userFromSessionCookie(database.connection, `sortie_session=${'x'.repeat(43)}`),
    ).toBeNull();
    await deleteSession(database.connection, token);
    expect(await userFromSessionCookie(database.connection, `sortie_session=${token}`)).toBeNull();
  });

  it('refuses an expired session and deletes it', async () => {
    const { token, expiresAt } = await createSession(database.connection, userId, 1);
    // Until the clock has passed the expiry (1 ms away), not a fixed sleep.
    while (Date.now() <= expiresAt.getTime())
      await new Promise((resolve) => setTimeout(resolve, 1));

    expect(await userFromSessionCookie(database.connection, `sortie_session=${token}`)).toBeNull();
    expect(await sessionModel(database.connection).findById(sha256Hex(token)).lean()).toBeNull();
  });

  it('refuses the session of a disabled user', async () => {
    const { token } = await createSession(database.connection, userId, HOUR_MS);
    await getModels(database.connection).User.updateOne({ _id: userId }, { disabled: true });

    expect(await userFromSessionCookie(database.connection, `sortie_session=${token}`)).toBeNull();
    await getModels(database.connection).User.updateOne({ _id: userId }, { disabled: false });
  });

  it('ends every session of a user at once', async () => {
    const first = await createSession(database.connection, userId, HOUR_MS);
    const second = await createSession(database.connection, userId, HOUR_MS);

    await deleteSessionsOfUser(database.connection, userId);

    for (const { token } of [first, second]) {
      expect(
        await userFromSessionCookie(database.connection, `sortie_session=${token}`),
      ).toBeNull();
    }
  });
});
