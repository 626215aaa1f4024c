import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LOGIN_FAILURES_PER_ACCOUNT,
  LOGIN_FAILURES_PER_ADDRESS,
} from '../../../server/auth/loginThrottle.js';
import { hashPassword } from '../../../server/auth/passwords.js';
import { getModels } from '../../../server/store/models/models.js';
import { openApiWorld, PASSWORD, type ApiWorld } from './apiWorld.js';

describe('login, logout and /api/me', () => {
  let world: ApiWorld;

  beforeAll(async () => {
    world = await openApiWorld('apiAuth');
  });
  afterAll(async () => {
    await world?.close();
  });

  it('logs in and sets an httpOnly, SameSite=Strict session cookie', async () => {
    const response = await request(world.app)
      .post('/api/auth/login')
      .send({ email: 'ENGINEER@sortie.test', password: PASSWORD })
      .expect(200);

    const cookie = String(response.headers['set-cookie']);
    expect(cookie).toMatch(/^sortie_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toMatch(/Secure/);
    expect(response.body.user).toEqual({
      id: world.ids.users.engineer,
      email: 'engineer@sortie.test',
      name: 'engineer',
      role: 'engineer',
      makerId: null,
    });
    expect(response.body.permissions).toContain('flights:evaluate');
  });

  it('marks the cookie Secure when the public URL is https, and accepts requests from it behind a TLS proxy', async () => {
    const secureWorld = await openApiWorld('apiAuthTls', {
      SORTIE_PUBLIC_URL: 'https://sortie.range.kr',
    });
    try {
      const response = await request(secureWorld.app)
        .post('/api/auth/login')
        .set('origin', 'https://sortie.range.kr')
        .send({ email: secureWorld.emails.operator, password: PASSWORD })
        .expect(200);
      expect(String(response.headers['set-cookie'])).toMatch(/; Secure/);
      await request(secureWorld.app)
        .post('/api/auth/login')
        .set('origin', 'http://sortie.range.kr')
        .send({ email: secureWorld.emails.operator, password: PASSWORD })
        .expect(403);
    } finally {
      await secureWorld.close();
    }
  });

  it('answers /api/me with the maker organisation of a maker user', async () => {
    const response = await request(world.app)
      .get('/api/me')
      .set('cookie', world.cookies.makerA)
      .expect(200);

    expect(response.body.user.makerId).toBe(world.ids.makerA);
    expect(response.body.permissions).not.toContain('flights:evaluate');
  });

  it('refuses a wrong password and an unknown e-mail with the same 401', async () => {
    const wrong = await request(world.app)
      .post('/api/auth/login')
      .send({ email: world.emails.operator, password: 'not the password' })
      .expect(401);
    const unknown = await request(world.app)
      .post('/api/auth/login')
      .send({ email: 'nobody@sortie.test', password: 'not the password' })
      .expect(401);

    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.error.code).toBe('invalid_credentials');
  });

  it('refuses a disabled user even with the right password', async () => {
    const { User } = getModels(world.database.connection);
    await User.updateOne({ _id: world.ids.users.makerB }, { disabled: true });
    try {
      await request(world.app)
        .post('/api/auth/login')
        .send({ email: world.emails.makerB, password: PASSWORD })
        .expect(401);
    } finally {
      await User.updateOne({ _id: world.ids.users.makerB }, { disabled: false });
    }
  });

  it('rate-limits failed logins per account with 429, even for the right password after', async () => {
    const { User } = getModels(world.database.connection);
    const victim = await User.create({
      email: 'victim@sortie.test',
      name: 'victim',
      role: 'operator',
      passwordHash: (await User.findById(world.ids.users.operator).select('+passwordHash').lean())!
        .passwordHash,
    });
    for (let attempt = 0; attempt < LOGIN_FAILURES_PER_ACCOUNT; attempt += 1) {
      await request(world.app)
        .post('/api/auth/login')
        .send({ email: victim.email, password: 'guess number ' + attempt })
        .expect(401);
    }

    const blocked = await request(world.app)
      .post('/api/auth/login')
      .send({ email: victim.email, password: PASSWORD })
      .expect(429);

    expect(blocked.body.error.code).toBe('too_many_attempts');
    expect(blocked.body.error.details.retryAfterS).toBeGreaterThan(0);
    expect(blocked.headers['retry-after']).toBe(String(blocked.body.error.details.retryAfterS));
    const counters = await world.database.connection
      .db!.collection('loginFailures')
      .find()
      .toArray();
    expect(counters.some((c) => String(c._id).startsWith('account:victim@sortie.test:'))).toBe(
      true,
    );
  });

  it('counts failures per client address from X-Forwarded-For behind a trusted proxy', async () => {
    const proxied = await openApiWorld('apiAuthProxy', { SORTIE_TRUST_PROXY_HOPS: '1' });
    try {
      const fail = (address: string, n: number) =>
        request(proxied.app)
          .post('/api/auth/login')
          .set('x-forwarded-for', address)
          .send({ email: `nobody${n}@sortie.test`, password: 'wrong password' });
      for (let n = 0; n < LOGIN_FAILURES_PER_ADDRESS; n += 1) {
        expect((await fail('203.0.113.5', n)).status).toBe(401);
      }

      expect((await fail('203.0.113.5', 99)).status).toBe(429);
      expect((await fail('203.0.113.6', 99)).status).toBe(401);
    } finally {
      await proxied.close();
    }
  });

  it('logs out: the cookie is cleared and the session no longer works', async () => {
    const cookie = await world.login(world.emails.engineer);
    await request(world.app).get('/api/me').set('cookie', cookie).expect(200);

    const response = await request(world.app)
      .post('/api/auth/logout')
      .set('cookie', cookie)
      .send({})
      .expect(204);

    expect(String(response.headers['set-cookie'])).toMatch(/sortie_session=;/);
    await request(world.app).get('/api/me').set('cookie', cookie).expect(401);
  });

  it('changes a user’s own password: the old one stops working, other sessions end, this one goes on', async () => {
    const otherSession = await world.login(world.emails.operator);
    const thisSession = await world.login(world.emails.operator);

    const wrong = await request(world.app)
      .post('/api/me/password')
      .set('cookie', thisSession)
      .send({ currentPassword: 'a wrong password', newPassword: 'a new long password' })
      .expect(403);
    expect(wrong.body.error).toMatchObject({
      code: 'wrong_password',
      message: 'The current password is wrong.',
    });
    const short = await request(world.app)
      .post('/api/me/password')
      .set('cookie', thisSession)
      .send({ currentPassword: PASSWORD, newPassword: 'short' })
      .expect(400);
    expect(JSON.stringify(short.body.error)).toMatch(/newPassword.*at least 10 characters/);

    const changed = await request(world.app)
      .post('/api/me/password')
      .set('cookie', thisSession)
      .send({ currentPassword: PASSWORD, newPassword: 'a new long password' })
      .expect(204);
    const freshCookie = String(changed.headers['set-cookie']).split(';')[0]!;

    await request(world.app).get('/api/me').set('cookie', otherSession).expect(401);
    await request(world.app).get('/api/me').set('cookie', freshCookie).expect(200);
    await request(world.app)
      .post('/api/auth/login')
      .send({ email: world.emails.operator, password: PASSWORD })
      .expect(401);
    await world.login(world.emails.operator, 'a new long password');
  });

  it('refuses a state-changing request from another site with 403', async () => {
    const response = await request(world.app)
      .post('/api/makers')
      .set('cookie', world.cookies.admin)
      .set('origin', 'https://evil.example')
      .send({ name: 'Forged' })
      .expect(403);

    expect(response.body.error.code).toBe('cross_site');
    expect(await getModels(world.database.connection).Maker.exists({ name: 'Forged' })).toBeNull();
  });

  it('refuses a form-encoded POST, which a cross-site form could send', async () => {
    const response = await request(world.app)
      .post('/api/makers')
      .set('cookie', world.cookies.admin)
      .type('form')
      .send('name=Forged')
      .expect(400);

    expect(response.body.error.code).toBe('json_required');
  });

  it('sends no CORS headers to an unlisted origin', async () => {
    const response = await request(world.app)
      .get('/api/me')
      .set('origin', 'https://elsewhere.example')
      .set('cookie', world.cookies.operator);

    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('allows a configured CORS origin with credentials', async () => {
    const corsWorld = await openApiWorld('apiCors', {
      SORTIE_CORS_ORIGINS: 'https://console.range.kr',
    });
    try {
      const preflight = await request(corsWorld.app)
        .options('/api/makers')
        .set('origin', 'https://console.range.kr')
        .set('access-control-request-method', 'POST')
        .expect(204);
      expect(preflight.headers['access-control-allow-origin']).toBe('https://console.range.kr');
      expect(preflight.headers['access-control-allow-credentials']).toBe('true');
      await request(corsWorld.app)
        .post('/api/makers')
        .set('origin', 'https://console.range.kr')
        .set('cookie', corsWorld.cookies.admin)
        .send({ name: 'Allowed' })
        .expect(201);
    } finally {
      await corsWorld.close();
    }
  });

  describe('password attempts counted before they are checked', () => {
    let raced: ApiWorld;

    beforeAll(async () => {
      // Each request names its own address, so only the account's limit is in play.
      raced = await openApiWorld('apiAuthRace', { SORTIE_TRUST_PROXY_HOPS: '1' });
    });
    afterAll(async () => {
      await raced?.close();
    });

    it('answers 30 parallel wrong passwords for one account with exactly 5 × 401, the rest 429', async () => {
      const email = 'parallel@sortie.test';
      await getModels(raced.database.connection).User.create({
        email,
        name: 'parallel',
        role: 'operator',
        passwordHash: await hashPassword(PASSWORD),
      });
      const responses = await Promise.all(
        Array.from({ length: 30 }, (_, n) =>
          request(raced.app)
            .post('/api/auth/login')
            .set('x-forwarded-for', `198.18.0.${n}`)
            .send({ email, password: `guess number ${n}` }),
        ),
      );
      const statuses = responses.map((response) => response.status);
      expect(statuses.filter((status) => status === 401)).toHaveLength(LOGIN_FAILURES_PER_ACCOUNT);
      expect(statuses.filter((status) => status === 429)).toHaveLength(
        30 - LOGIN_FAILURES_PER_ACCOUNT,
      );
    });

    it('limits wrong current passwords on POST /api/me/password like logins', async () => {
      const email = 'changer@sortie.test';
      await getModels(raced.database.connection).User.create({
        email,
        name: 'changer',
        role: 'engineer',
        passwordHash: await hashPassword(PASSWORD),
      });
      const cookie = await raced.login(email);
      const change = (currentPassword: string) =>
        request(raced.app)
          .post('/api/me/password')
          .set('x-forwarded-for', '198.18.1.1')
          .set('cookie', cookie)
          .send({ currentPassword, newPassword: 'a brand new passphrase' });
      for (let n = 0; n < LOGIN_FAILURES_PER_ACCOUNT; n += 1) {
        expect((await change(`guess number ${n}`)).status).toBe(403);
      }
      const blocked = await change(PASSWORD);
      expect(blocked.status).toBe(429);
      expect(blocked.body.error.code).toBe('too_many_attempts');
      expect(blocked.headers['retry-after']).toBeDefined();
      await request(raced.app)
        .post('/api/auth/login')
        .set('x-forwarded-for', '198.18.1.2')
        .send({ email, password: PASSWORD })
        .expect(429);
    });
  });
});
