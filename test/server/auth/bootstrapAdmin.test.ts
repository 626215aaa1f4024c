import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrapAdmin } from '../../../server/admin/bootstrapAdmin.js';
import { loadConfig } from '../../../server/config.js';
import type { Database } from '../../../server/db/connectDatabase.js';
import { getModels } from '../../../server/store/models/models.js';
import { openTestDatabase, silentLogger } from '../../support/testDatabase.js';
import { buildApiApp } from '../api/apiWorld.js';

const BASE_URL = 'http://localhost:8080/';

describe('the first administrator', () => {
  let database: Database;

  beforeAll(async () => {
    database = await openTestDatabase('bootstrap');
  });
  afterAll(async () => {
    await database?.close();
  });

  it('prints a one-time setup link when no admin and no admin variables exist; the link creates the admin once', async () => {
    const { auth } = loadConfig({ SORTIE_PUBLIC_URL: 'https://sortie.range.kr' });
    const outcome = await bootstrapAdmin(database.connection, auth, BASE_URL, silentLogger);

    expect(outcome.kind).toBe('setup-link');
    const url = new URL((outcome as { url: string }).url);
    expect(url.origin + url.pathname).toBe('https://sortie.range.kr/api/auth/setup');
    const token = url.searchParams.get('token')!;

    const { app } = buildApiApp(database);
    const page = await request(app).get(`/api/auth/setup?token=${token}`).expect(200);
    expect(page.text).toContain('<form id="setup">');
    const body = {
      token,
      email: 'Chief@Range.kr',
      name: 'Chief',
      password: 'first admin password',
    };
    const created = await request(app).post('/api/auth/setup').send(body).expect(201);
    expect(created.body).toMatchObject({ email: 'chief@range.kr', role: 'admin' });
    await request(app)
      .post('/api/auth/login')
      .send({ email: 'chief@range.kr', password: 'first admin password' })
      .expect(200);

    const again = await request(app)
      .post('/api/auth/setup')
      .send({ ...body, email: 'second@range.kr' })
      .expect(409);
    expect(again.body.error.message).toMatch(/already has an administrator/);
    expect(await getModels(database.connection).User.countDocuments({ role: 'admin' })).toBe(1);
  });

  it('changes nothing on a later start once an admin exists', async () => {
    const { auth } = loadConfig({
      SORTIE_ADMIN_EMAIL: 'other@range.kr',
      SORTIE_ADMIN_PASSWORD: 'another password',
    });

    expect(await bootstrapAdmin(database.connection, auth, BASE_URL, silentLogger)).toEqual({
      kind: 'admin-exists',
    });
    expect(
      await getModels(database.connection).User.exists({ email: 'other@range.kr' }),
    ).toBeNull();
  });
});

describe('the first administrator from the environment', () => {
  let database: Database;

  beforeAll(async () => {
    database = await openTestDatabase('bootstrapEnv');
  });
  afterAll(async () => {
    await database?.close();
  });

  it('creates the admin from SORTIE_ADMIN_EMAIL and SORTIE_ADMIN_PASSWORD, who can log in', async () => {
    const env = { SORTIE_ADMIN_EMAIL: 'Admin@Range.kr', SORTIE_ADMIN_PASSWORD: 'environment pw 1' };
    const outcome = await bootstrapAdmin(
      database.connection,
      loadConfig(env).auth,
      BASE_URL,
      silentLogger,
    );

    expect(outcome).toEqual({ kind: 'admin-created', email: 'admin@range.kr' });
    const { app } = buildApiApp(database);
    const login = await request(app)
      .post('/api/auth/login')
      .send({ email: 'admin@range.kr', password: 'environment pw 1' })
      .expect(200);
    expect(login.body.user.role).toBe('admin');
  });

  it('refuses a setup token that was never issued', async () => {
    await getModels(database.connection).User.deleteMany({});
    const { app } = buildApiApp(database);

    const response = await request(app)
      .post('/api/auth/setup')
      .send({ token: 'A'.repeat(43), email: 'x@range.kr', name: 'X', password: 'long enough pw' })
      .expect(401);

    expect(response.body.error.code).toBe('invalid_setup_token');
    expect(await getModels(database.connection).User.countDocuments()).toBe(0);
  });
});
