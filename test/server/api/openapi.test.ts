import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../server/app.js';
import { loadConfig } from '../../../server/config.js';
import type { Database } from '../../../server/db/connectDatabase.js';
import { allApiRoutes } from '../../../server/http/routes/apiRouter.js';
import { openTestDatabase, silentLogger } from '../../support/testDatabase.js';

describe('the API documentation', () => {
  let database: Database;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    database = await openTestDatabase('openapi');
    // The real application, so this also checks that /api is mounted.
    app = createApp({ config: loadConfig({}), database, logger: silentLogger });
  });
  afterAll(async () => {
    await database?.close();
  });

  it('serves an OpenAPI 3.1 document with every route the router mounts', async () => {
    const response = await request(app).get('/api/openapi.json').expect(200);

    expect(response.body.openapi).toBe('3.1.0');
    const documented = Object.entries(response.body.paths as Record<string, object>).flatMap(
      ([path, methods]) => Object.keys(methods).map((method) => `${method} ${path}`),
    );
    const mounted = allApiRoutes().map(
      (route) => `${route.method} /api${route.path.replace(/:(\w+)/g, '{$1}')}`,
    );
    expect(documented.sort()).toEqual(mounted.sort());
  });

  it('describes query parameters from the same schemas that validate them', async () => {
    const { body } = await request(app).get('/api/openapi.json').expect(200);

    const list = body.paths['/api/flights'].get;
    const sort = list.parameters.find((p: { name: string }) => p.name === 'sort');
    expect(sort.schema.enum).toContain('-startedAt');
    expect(list.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining([
        'vehicle',
        'maker',
        'range',
        'from',
        'to',
        'status',
        'verdict',
        'text',
        'cursor',
        'limit',
      ]),
    );
    const login = body.paths['/api/auth/login'].post;
    expect(login.security).toEqual([]);
    expect(login.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/LoginRequest',
    });
    expect(body.components.schemas.LoginRequest.additionalProperties).toBe(false);
    expect(body.paths['/api/flights/{id}'].get.parameters[0]).toMatchObject({
      name: 'id',
      in: 'path',
      required: true,
    });
  });

  it('leaves no reference that points nowhere', async () => {
    const { body } = await request(app).get('/api/openapi.json').expect(200);

    const references = [
      ...JSON.stringify(body).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g),
    ];
    expect(references.length).toBeGreaterThan(5);
    for (const [, name] of references) expect(body.components.schemas).toHaveProperty(name!);
  });

  it('serves a readable page without scripts or outside assets', async () => {
    const response = await request(app).get('/api/docs').expect(200);

    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.text).toContain('/api/flights/{id}/raw.tlog');
    expect(response.text).not.toMatch(/<script|https?:\/\/(?!www\.w3)/);
  });
});
