import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import type { Database } from '../../server/db/connectDatabase.js';
import { openTestDatabase, silentLogger } from '../support/testDatabase.js';

describe('the HTTP skeleton', () => {
  let database: Database;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    database = await openTestDatabase('http');
    app = createApp({
      config: loadConfig({ SORTIE_BODY_LIMIT: '1kb' }),
      database,
      logger: silentLogger,
    });
  });
  afterAll(async () => {
    await database?.close();
  });

  it('answers /healthz with the database engine, its version and the uptime', async () => {
    const response = await request(app).get('/healthz').expect(200);

    expect(response.body.status).toBe('ok');
    expect(response.body.database.engine).toBe(database.engine);
    expect(response.body.database.version).toBe(database.engineVersion);
    expect(response.body.uptimeS).toBeGreaterThanOrEqual(0);
  });

  it('sets security headers', async () => {
    const response = await request(app).get('/healthz');

    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-powered-by']).toBeUndefined();
  });

  it('answers an unknown route with the error shape and 404', async () => {
    const response = await request(app).get('/no/such/route').expect(404);

    expect(response.body).toEqual({
      error: { code: 'not_found', message: 'No route GET /no/such/route.', details: null },
    });
  });

  it('refuses malformed JSON with 400 and says so', async () => {
    const response = await request(app)
      .post('/healthz')
      .set('content-type', 'application/json')
      .send('{"name": ')
      .expect(400);

    expect(response.body.error.code).toBe('malformed_json');
  });

  it('refuses a body over the size limit with 413', async () => {
    const response = await request(app)
      .post('/healthz')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ text: 'x'.repeat(2_000) }))
      .expect(413);

    expect(response.body.error.code).toBe('payload_too_large');
    expect(response.body.error.message).toMatch(/larger than/);
  });
});
