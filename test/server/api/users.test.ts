import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getModels } from '../../../server/store/models/models.js';
import { openApiWorld, PASSWORD, type ApiWorld } from './apiWorld.js';

describe('users and API keys over REST', () => {
  let world: ApiWorld;
  const admin = () => ({
    post: (path: string, body: object) =>
      request(world.app).post(path).set('cookie', world.cookies.admin).send(body),
    patch: (path: string, body: object) =>
      request(world.app).patch(path).set('cookie', world.cookies.admin).send(body),
    delete: (path: string) => request(world.app).delete(path).set('cookie', world.cookies.admin),
  });

  beforeAll(async () => {
    world = await openApiWorld('apiUsers');
  });
  afterAll(async () => {
    await world?.close();
  });

  it('creates a maker user who logs in and sees only their maker, never showing the hash', async () => {
    const created = await admin()
      .post('/api/users', {
        email: 'Qa@Aero-A.kr',
        name: 'QA',
        role: 'maker',
        makerId: world.ids.makerA,
        password: 'maker password 1',
      })
      .expect(201);

    expect(created.body).toMatchObject({
      email: 'qa@aero-a.kr',
      role: 'maker',
      makerId: world.ids.makerA,
    });
    expect(JSON.stringify(created.body)).not.toMatch(/passwordHash|argon2/);
    const cookie = await world.login('qa@aero-a.kr', 'maker password 1');
    const flights = await request(world.app).get('/api/flights').set('cookie', cookie).expect(200);
    expect(flights.body.flights.map((f: { id: string }) => f.id)).toEqual([world.ids.flightA]);
  });

  it('stores the password as an argon2id hash', async () => {
    const stored = await getModels(world.database.connection)
      .User.findOne({ email: world.emails.operator })
      .select('+passwordHash')
      .lean();

    expect(stored?.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it('refuses a maker user without a maker, and an engineer with one, with 422', async () => {
    const base = { name: 'X', password: 'long enough pw' };
    const noMaker = await admin()
      .post('/api/users', { ...base, email: 'm@x.kr', role: 'maker' })
      .expect(422);
    const engineerWithMaker = await admin()
      .post('/api/users', { ...base, email: 'e@x.kr', role: 'engineer', makerId: world.ids.makerA })
      .expect(422);

    expect(noMaker.body.error.message).toMatch(/needs makerId/);
    expect(engineerWithMaker.body.error.message).toMatch(/belongs to no maker/);
    expect(
      await getModels(world.database.connection).User.exists({
        email: { $in: ['m@x.kr', 'e@x.kr'] },
      }),
    ).toBeNull();
  });

  it('refuses a short password, an unknown role and a duplicate e-mail', async () => {
    const short = await admin()
      .post('/api/users', { email: 's@x.kr', name: 'S', role: 'operator', password: 'short' })
      .expect(400);
    await admin()
      .post('/api/users', { email: 'r@x.kr', name: 'R', role: 'root', password: 'long enough pw' })
      .expect(400);
    const duplicate = await admin()
      .post('/api/users', {
        email: world.emails.operator,
        name: 'D',
        role: 'operator',
        password: 'long enough pw',
      })
      .expect(409);

    expect(short.body.error.message).toMatch(/password: must be at least 10 characters/);
    expect(duplicate.body.error.code).toBe('conflict');
  });

  it("a new password ends the user's sessions and the new one works", async () => {
    const cookie = await world.login(world.emails.engineer);

    await admin()
      .patch(`/api/users/${world.ids.users.engineer}`, { password: 'brand new password' })
      .expect(200);

    await request(world.app).get('/api/me').set('cookie', cookie).expect(401);
    await world.login(world.emails.engineer, 'brand new password');
    await request(world.app)
      .post('/api/auth/login')
      .send({ email: world.emails.engineer, password: PASSWORD })
      .expect(401);
  });

  it('turning an operator into a maker needs a maker, and moves them out of other flights', async () => {
    const { User } = getModels(world.database.connection);
    const user = await User.create({
      email: 'switch@x.kr',
      name: 'Switch',
      role: 'operator',
      passwordHash: (await User.findById(world.ids.users.admin).select('+passwordHash').lean())!
        .passwordHash,
    });
    const path = `/api/users/${user._id.toHexString()}`;

    await admin().patch(path, { role: 'maker' }).expect(422);
    const changed = await admin()
      .patch(path, { role: 'maker', makerId: world.ids.makerB })
      .expect(200);

    expect(changed.body).toMatchObject({ role: 'maker', makerId: world.ids.makerB });
    const cookie = await world.login('switch@x.kr');
    await request(world.app)
      .get(`/api/flights/${world.ids.flightA}`)
      .set('cookie', cookie)
      .expect(404);
  });

  it('will not let an admin delete, disable or demote themselves', async () => {
    const self = `/api/users/${world.ids.users.admin}`;

    await admin().delete(self).expect(409);
    await admin().patch(self, { disabled: true }).expect(409);
    await admin().patch(self, { role: 'operator' }).expect(409);
  });

  it('shows a new API key once, lists it without its secret, and revokes it', async () => {
    const created = await admin()
      .post('/api/api-keys', { name: 'south-link', rangeId: world.ids.rangeId })
      .expect(201);
    const key: string = created.body.key;
    expect(key).toMatch(/^sortie_[0-9a-f]{12}_/);

    const listed = await request(world.app)
      .get('/api/api-keys')
      .set('cookie', world.cookies.admin)
      .expect(200);
    expect(JSON.stringify(listed.body)).not.toContain(key.split('_').at(-1));
    expect(
      listed.body.apiKeys.find((k: { name: string }) => k.name === 'south-link'),
    ).toMatchObject({
      rangeId: world.ids.rangeId,
      revokedAt: null,
    });

    const revoked = await admin().delete(`/api/api-keys/${created.body.apiKey.id}`).expect(200);
    expect(revoked.body.revokedAt).not.toBeNull();
  });

  it('refuses an API key for a range that does not exist with 422', async () => {
    const response = await admin()
      .post('/api/api-keys', { name: 'lost-link', rangeId: 'aaaaaaaaaaaaaaaaaaaaaaaa' })
      .expect(422);

    expect(response.body.error.details).toEqual({ path: ['rangeId'] });
  });
});
