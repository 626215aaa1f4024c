import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LOGIN_FAILURES_PER_ACCOUNT,
  LOGIN_FAILURES_PER_ADDRESS,
  LOGIN_WINDOW_MS,
  countLoginAttempt,
  forgiveLoginAttempt,
} from '../../../server/auth/loginThrottle.js';
import type { Database } from '../../../server/db/connectDatabase.js';
import type { HttpError } from '../../../server/http/httpError.js';
import { openTestDatabase } from '../../support/testDatabase.js';

const T0_MS = Date.UTC(2026, 10, 27, 0, 0, 0);

async function refusal(promise: Promise<unknown>): Promise<number | null> {
  try {
    await promise;
    return null;
  } catch (error) {
    return (error as HttpError).status;
  }
}

describe('the login throttle', () => {
  let database: Database;

  beforeAll(async () => {
    database = await openTestDatabase('loginThrottle');
  });
  afterAll(async () => {
    await database?.close();
  });

  it('lets an account make its allowed attempts, refuses the next, until the window ends', async () => {
    for (let n = 0; n < LOGIN_FAILURES_PER_ACCOUNT; n += 1) {
      expect(
        await refusal(countLoginAttempt(database.connection, 'a@x.kr', `10.0.0.${n}`, T0_MS)),
      ).toBeNull();
    }

    expect(await refusal(countLoginAttempt(database.connection, 'a@x.kr', '10.9.9.9', T0_MS))).toBe(
      429,
    );
    expect(
      await refusal(
        countLoginAttempt(database.connection, 'a@x.kr', '10.9.9.9', T0_MS + LOGIN_WINDOW_MS),
      ),
    ).toBeNull();
  });

  it('lets exactly the allowed number of parallel attempts through', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 30 }, (_, n) =>
        refusal(countLoginAttempt(database.connection, 'race@x.kr', `10.1.0.${n}`, T0_MS)),
      ),
    );
    expect(outcomes.filter((status) => status === null)).toHaveLength(LOGIN_FAILURES_PER_ACCOUNT);
    expect(outcomes.filter((status) => status === 429)).toHaveLength(
      30 - LOGIN_FAILURES_PER_ACCOUNT,
    );
  });

  it('blocks an address that tries many accounts', async () => {
    for (let n = 0; n < LOGIN_FAILURES_PER_ADDRESS; n += 1) {
      await countLoginAttempt(database.connection, `user${n}@x.kr`, '192.0.2.7', T0_MS);
    }

    expect(
      await refusal(countLoginAttempt(database.connection, 'fresh@x.kr', '192.0.2.7', T0_MS)),
    ).toBe(429);
    expect(
      await refusal(countLoginAttempt(database.connection, 'fresh@x.kr', '192.0.2.8', T0_MS)),
    ).toBeNull();
  });

  it("a success forgives the account's failures", async () => {
    for (let n = 0; n < LOGIN_FAILURES_PER_ACCOUNT - 1; n += 1) {
      await countLoginAttempt(database.connection, 'b@x.kr', '198.51.100.1', T0_MS);
    }
    const right = await countLoginAttempt(database.connection, 'b@x.kr', '198.51.100.1', T0_MS);

    await forgiveLoginAttempt(database.connection, right);

    expect(
      await refusal(countLoginAttempt(database.connection, 'b@x.kr', '198.51.100.2', T0_MS)),
    ).toBeNull();
  });
});
