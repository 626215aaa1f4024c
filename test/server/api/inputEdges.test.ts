import { gzipSync } from 'node:zlib';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getModels } from '../../../server/store/models/models.js';
import { openApiWorld, type ApiWorld } from './apiWorld.js';

/** A cursor as the flight list encodes it (base64url JSON), with a value of our choosing. */
function cursorOf(sort: string, value: unknown): string {
  return Buffer.from(JSON.stringify({ sort, value, id: '0123456789abcdef01234567' })).toString(
    'base64url',
  );
}

/** Sends a JSON text as it is, so it may hold escapes JSON.stringify would not write. */
function postRaw(
  world: ApiWorld,
  path: string,
  text: string,
  headers: Record<string, string> = {},
) {
  const call = request(world.app)
    .post(path)
    .set('cookie', world.cookies.admin)
    .set('content-type', 'application/json');
  for (const [name, value] of Object.entries(headers)) call.set(name, value);
  return call.send(text);
}

describe('inputs that used to answer 500', () => {
  let world: ApiWorld;

  beforeAll(async () => {
    world = await openApiWorld('apiInputEdges');
  });
  afterAll(async () => {
    await world?.close();
  });

  it('refuses a flight list cursor holding an invalid date with 400', async () => {
    const response = await request(world.app)
      .get('/api/flights')
      .query({ cursor: cursorOf('-startedAt', 'not a date') })
      .set('cookie', world.cookies.admin)
      .expect(400);
    expect(response.body.error.message).toMatch(/cursor.*start again without it/);
  });

  it('refuses a cursor whose value has the wrong type for its sort with 400', async () => {
    await request(world.app)
      .get('/api/flights')
      .query({ sort: 'durationS', cursor: cursorOf('durationS', 'long') })
      .set('cookie', world.cookies.admin)
      .expect(400);
  });

  it('refuses a name of 61 emoji (122 UTF-16 units, past the stored 120) with 400', async () => {
    const name = '🛩'.repeat(61);
    const response = await request(world.app)
      .post('/api/makers')
      .set('cookie', world.cookies.admin)
      .send({ name })
      .expect(400);
    expect(response.body.error.details[0].path).toEqual(['name']);
    expect(response.body.error.message).toMatch(/at most 120/);
    expect(await getModels(world.database.connection).Maker.countDocuments({ name })).toBe(0);
  });

  it("answers a model's own length check as 400, for fields the API bounds by code points", async () => {
    const response = await request(world.app)
      .post('/api/vehicles')
      .set('cookie', world.cookies.admin)
      .send({ name: 'Emoji model', serial: 'EM-1', model: '🛩'.repeat(61) })
      .expect(400);
    expect(response.body.error.details[0].path).toEqual(['model']);
    expect(response.body.error.message).toMatch(/model: must be at most 120/);
  });

  it('refuses a garbage gzip body with 400 and a sentence', async () => {
    const response = await postRaw(
      world,
      '/api/makers',
      Buffer.from('this is not gzip at all').toString('latin1'),
      { 'content-encoding': 'gzip' },
    ).expect(400);
    expect(response.body.error.code).toBe('bad_encoding');
    expect(response.body.error.message).toMatch(/not valid compressed data/);
  });

  it('still reads a body that is gzip indeed', async () => {
    const body = gzipSync(JSON.stringify({ name: 'Gzip Aero' }));
    await request(world.app)
      .post('/api/makers')
      .set('cookie', world.cookies.admin)
      .set('content-type', 'application/json')
      .set('content-encoding', 'gzip')
      // superagent would send a Buffer through JSON.stringify; these bytes go as they are.
      .serialize((bytes: Buffer) => bytes as unknown as string)
      .send(body)
      .expect(201);
  });
});

describe('NUL and lone surrogates are refused in every text field', () => {
  let world: ApiWorld;

  beforeAll(async () => {
    world = await openApiWorld('apiTextChecks');
  });
  afterAll(async () => {
    await world?.close();
  });

  const cases: [string, string, string][] = [
    ['a NUL in a maker name', '/api/makers', '{"name":"Aero\\u0000Evil"}'],
    ['a lone high surrogate in a maker name', '/api/makers', '{"name":"Aero\\ud800"}'],
    ['a lone low surrogate in a range name', '/api/ranges', '{"name":"\\udc00Range"}'],
    ['a NUL in a login e-mail', '/api/auth/login', '{"email":"a\\u0000@x.kr","password":"x"}'],
    [
      'a lone surrogate in a key inside a free-form fence body',
      '/api/ranges',
      '{"name":"Fenced","fences":{"zones":[],"\\ud83d":1}}',
    ],
  ];
  for (const [what, path, text] of cases) {
    it(`refuses ${what} with 400 naming the field, storing nothing`, async () => {
      const { Maker, Range } = getModels(world.database.connection);
      const before = [await Maker.countDocuments(), await Range.countDocuments()];
      const response = await postRaw(world, path, text).expect(400);
      expect(response.body.error.code).toBe('invalid_input');
      expect(response.body.error.message).toMatch(/NUL|surrogate/);
      expect([await Maker.countDocuments(), await Range.countDocuments()]).toEqual(before);
    });
  }

  it('refuses a NUL in a query string value', async () => {
    const response = await request(world.app)
      .get('/api/flights?text=abc%00def')
      .set('cookie', world.cookies.admin)
      .expect(400);
    expect(response.body.error.details[0].path).toEqual(['text']);
  });

  it('accepts a name with an emoji (a surrogate pair, not a lone half)', async () => {
    await postRaw(world, '/api/makers', '{"name":"Aero \\ud83d\\udee9"}').expect(201);
  });
});
