import { gzipSync } from 'node:zlib';
import type { Connection } from 'mongoose';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestAck, IngestBatch } from '../../../telemetry/contract/ingest.js';
import { allApiRoutes } from '../../../server/http/routes/apiRouter.js';
import type { Route } from '../../../server/http/routes/defineRoute.js';
import { batchLogDb } from '../../../server/store/ingest/ingestCollections.js';
import { IngestHarness, type IngestClient } from '../ingest/ingestHarness.js';
import { framesOver, ScriptedLink, ScriptedVehicle } from '../ingest/scriptedVehicle.js';
import { openApiWorld, type Actor, type ApiWorld } from './apiWorld.js';

/**
 * R4 (docs/RELIABILITY.md): bad REST, upload and socket inputs, generated per route and per kind
 * of badness from the routes' own declarations, so a new route is covered without a new line
 * here. Each must be refused with a 4xx `{error:{code,message,details}}` (a refused ack with a
 * code and message on the socket), and no collection may change its document count.
 */

const VALID_ID = '0123456789abcdef01234567';
const BODY_METHODS = new Set(['post', 'put', 'patch']);

interface RestCase {
  name: string;
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  actor: Actor;
  contentType?: string;
  headers?: Record<string, string>;
  /** Sent as it is: a JSON text or bytes. */
  body?: string | Buffer;
}

type Db = NonNullable<Connection['db']>;

/** The path with every `:param` filled, the given value for `:id`. */
function pathOf(route: Route, id = VALID_ID): string {
  return `/api${route.path.replace(/:id\b/, id).replace(/:[A-Za-z]+/g, VALID_ID)}`;
}

function hasIdParam(route: Route): boolean {
  return /:id\b/.test(route.path);
}

/** Top-level keys of a route's body schema, looking through pipes and refinements. */
function bodyKeys(route: Route): string[] {
  let schema: unknown = route.body;
  for (let depth = 0; depth < 6 && schema; depth += 1) {
    const shape = (schema as { shape?: Record<string, unknown> }).shape;
    if (shape && typeof shape === 'object') return Object.keys(shape);
    const def = (schema as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
    schema = def?.out ?? def?.innerType ?? def?.in ?? def?.schema;
  }
  return [];
}

const WRONG_TYPES: unknown[] = [{ nested: { object: true } }, 12345, [true], 'x'.repeat(20_000)];

function nested(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** The table: every route × every kind of bad input that applies to it. */
function restCases(): RestCase[] {
  const cases: RestCase[] = [];
  for (const route of allApiRoutes()) {
    const label = `${route.method.toUpperCase()} /api${route.path}`;
    const method = route.method;
    if (route.access !== 'public') {
      cases.push({
        name: `${label}: no session`,
        method,
        path: pathOf(route),
        actor: 'anonymous',
        ...(BODY_METHODS.has(method) ? { contentType: 'application/json', body: '{}' } : {}),
      });
    }
    if (hasIdParam(route)) {
      for (const [kind, id] of [
        ['id not hexadecimal', 'not-an-object-id'],
        ['id of 23 digits', VALID_ID.slice(1)],
        ['id holding NUL', '%00'],
        ['id as an operator', '%7B%22%24ne%22%3A1%7D'],
      ]) {
        cases.push({
          name: `${label}: ${kind}`,
          method,
          path: pathOf(route, id),
          actor: 'admin',
          ...(BODY_METHODS.has(method) ? { contentType: 'application/json', body: '{}' } : {}),
        });
      }
    }
    if (route.query) {
      for (const [kind, query] of [
        ['unknown query parameter', 'bogus=1'],
        ['NUL in a query value', 'bogus=%00'],
        ['operator in the query', 'limit[$gt]=1'],
      ]) {
        cases.push({
          name: `${label}: ${kind}`,
          method,
          path: `${pathOf(route)}?${query}`,
          actor: 'admin',
          ...(BODY_METHODS.has(method) ? { contentType: 'application/json', body: '{}' } : {}),
        });
      }
    }
    if (BODY_METHODS.has(method)) {
      const json = (kind: string, body: string | Buffer, extra: Partial<RestCase> = {}) =>
        cases.push({
          name: `${label}: ${kind}`,
          method,
          path: pathOf(route),
          actor: 'admin',
          contentType: 'application/json',
          body,
          ...extra,
        });
      json('malformed JSON', '{"name": ');
      json('garbage gzip', 'not gzip at all', { headers: { 'content-encoding': 'gzip' } });
      json('unknown content-encoding', '{}', { headers: { 'content-encoding': 'x-bogus' } });
      json('oversize body (32 KB past a 16 KB limit)', JSON.stringify({ pad: 'x'.repeat(32_768) }));
      json('form content-type', 'name=x', { contentType: 'application/x-www-form-urlencoded' });
      json('text/plain content-type', '{}', { contentType: 'text/plain' });
      if (route.body) {
        json('NUL in a text', '{"name":"a\\u0000b","email":"a\\u0000@x.kr"}');
        json('lone surrogate in a text', '{"name":"\\ud800","email":"\\udc00@x.kr"}');
        json('lone surrogate in a key', '{"\\ud83d":1}');
        json('nesting past 64 levels', nested(80));
        json('a JSON array for an object', '[1,2,3]');
        json('gzip of malformed JSON', gzipSync('{"name": '), {
          headers: { 'content-encoding': 'gzip' },
        });
        if (!route.body.safeParse({}).success) json('no fields at all', '{}');
        for (const key of bodyKeys(route).slice(0, 4)) {
          const wrong = WRONG_TYPES.find(
            (value) => !route.body!.safeParse({ [key]: value }).success,
          );
          if (wrong !== undefined) json(`${key} of a wrong type`, JSON.stringify({ [key]: wrong }));
        }
      }
    }
  }

  const cursor = (value: unknown) =>
    Buffer.from(JSON.stringify(value)).toString('base64url').replace(/=+$/, '');
  const flightList = (kind: string, query: string): RestCase => ({
    name: `GET /api/flights: ${kind}`,
    method: 'get',
    path: `/api/flights?${query}`,
    actor: 'admin',
  });
  cases.push(
    flightList('cursor not base64 JSON', 'cursor=%%%'),
    flightList(
      'cursor of another sort',
      `cursor=${cursor({ sort: 'durationS', value: 1, id: VALID_ID })}`,
    ),
    flightList(
      'cursor with an invalid date',
      `cursor=${cursor({ sort: '-startedAt', value: 'yesterday', id: VALID_ID })}`,
    ),
    flightList(
      'cursor with a bad id',
      `cursor=${cursor({ sort: '-startedAt', value: '2026-01-01T00:00:00Z', id: 'x' })}`,
    ),
    flightList(
      'cursor with an object value',
      `cursor=${cursor({ sort: 'vehicleName', value: { $gt: '' }, id: VALID_ID })}&sort=vehicleName`,
    ),
    flightList('cursor too long', `cursor=${'A'.repeat(500)}`),
    flightList('from not a date', 'from=yesterday'),
    flightList('to on the 45th of month 13', 'to=2026-13-45T00:00:00Z'),
    flightList('from after to', 'from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z'),
    flightList('limit zero', 'limit=0'),
    flightList('limit not a number', 'limit=many'),
    flightList('unknown sort', 'sort=altitude'),
    flightList('unknown status', 'status=flying'),
    flightList('text of NUL', 'text=%00'),
  );
  return cases;
}

/** Bad onboard-log uploads to one real, landed flight. */
function uploadCases(flightId: string): RestCase[] {
  const path = `/api/flights/${flightId}/onboard-log`;
  const upload = (kind: string, body: string | Buffer, extra: Partial<RestCase> = {}) => ({
    name: `POST /api/flights/:id/onboard-log: ${kind}`,
    method: 'post' as const,
    path,
    actor: 'engineer' as const,
    contentType: 'application/octet-stream',
    body,
    ...extra,
  });
  return [
    upload('empty body', Buffer.alloc(0)),
    upload('garbage bytes', Buffer.from('this is no MAVLink log, only words')),
    upload('a truncated .tlog record', Buffer.from([0, 0, 0, 0, 0, 0, 0, 1, 0xfd, 9])),
    upload(
      'random bytes',
      Buffer.from(Array.from({ length: 4096 }, (_, k) => (k * 37 + 11) & 0xff)),
    ),
    upload('JSON instead of bytes', '{"log":"x"}', { contentType: 'application/json' }),
    upload('garbage gzip', 'not gzip', { headers: { 'content-encoding': 'gzip' } }),
    upload('text/plain content-type', 'bytes', { contentType: 'text/plain' }),
    upload('a flight that does not exist', Buffer.from('x'), {
      path: `/api/flights/${VALID_ID}/onboard-log`,
    }),
    upload('an operator, who may not upload', Buffer.from('x'), { actor: 'operator' }),
  ];
}

/**
 * Documents per collection. An empty collection counts as none: merely reading one (a
 * credential check looking a session up) may create it on some engines, which stores nothing.
 */
async function documentCounts(...dbs: Db[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const db of dbs) {
    for (const { name } of await db.listCollections({}, { nameOnly: true }).toArray()) {
      const count = await db.collection(name).countDocuments();
      if (count > 0) counts[`${db.databaseName}.${name}`] = count;
    }
  }
  return counts;
}

/** What is wrong with an error body, or null when it is `{error:{code,message,details}}`. */
function errorShapeProblem(body: unknown): string | null {
  const error = (body as { error?: Record<string, unknown> } | null)?.error;
  if (!error) return 'no error object';
  if (typeof error.code !== 'string') return 'no code';
  if (typeof error.message !== 'string' || error.message.length < 10) return 'no sentence';
  if (!('details' in error)) return 'no details';
  return null;
}

describe('R4: bad REST and upload inputs, table-driven', () => {
  let world: ApiWorld;
  const table = restCases();

  beforeAll(async () => {
    world = await openApiWorld('r4Rest');
  });
  afterAll(async () => {
    await world?.close();
  });

  it(`refuses every bad input with a 4xx error body and changes no collection`, async () => {
    const cases = [...table, ...uploadCases(world.ids.flightA)];
    console.log(`R4 REST and upload cases: ${cases.length}`);
    const before = await documentCounts(world.database.connection.db!);
    const failures: string[] = [];
    for (const badCase of cases) {
      let call = request(world.app)[badCase.method](badCase.path);
      if (world.cookies[badCase.actor]) call = call.set('cookie', world.cookies[badCase.actor]);
      if (badCase.contentType) call = call.set('content-type', badCase.contentType);
      for (const [name, value] of Object.entries(badCase.headers ?? {}))
        call = call.set(name, value);
      if (badCase.body !== undefined) {
        call = call.serialize((bytes: unknown) => bytes as string).send(badCase.body as string);
      }
      const response = await call;
      const problem =
        response.status < 400 || response.status >= 500
          ? `status ${response.status}`
          : errorShapeProblem(response.body);
      if (problem) failures.push(`${badCase.name} → ${problem}: ${response.text.slice(0, 160)}`);
    }
    console.log(`R4 REST and upload refusals not as promised: ${failures.length}`);
    expect(failures).toEqual([]);
    expect(await documentCounts(world.database.connection.db!)).toEqual(before);
  });
});

describe('R4: bad /ingest batches over a real socket with a valid API key', () => {
  let harness: IngestHarness;
  let socket: IngestClient;
  let valid: IngestBatch;

  beforeAll(async () => {
    harness = await IngestHarness.start('r4Ingest');
    ({ socket } = await harness.connectLink('r4-link'));
    const frames = framesOver(
      [new ScriptedVehicle(21)],
      1_780_000_000_000_000,
      1_780_000_001_000_000,
      200_000,
      () => ({
        armed: false,
        latDeg: 37.5,
        lonDeg: 127,
        altRelM: 0,
      }),
    );
    valid = new ScriptedLink('r4-link').batch(frames);
  });
  afterAll(async () => {
    await harness?.stop();
  });

  /** The valid batch with one change, made by `mutate` on a deep copy. */
  function variant(mutate: (batch: Record<string, unknown>) => unknown): unknown {
    const copy = {
      ...structuredClone({ ...valid, rawTlog: null }),
      rawTlog: valid.rawTlog,
    } as Record<string, unknown>;
    return mutate(copy) ?? copy;
  }

  function socketCases(): [string, unknown][] {
    const cases: [string, unknown][] = [
      ['null', null],
      ['a number', 42],
      ['a string', 'batch'],
      ['an array', [valid]],
      ['an empty object', {}],
    ];
    const fields = Object.keys(valid) as (keyof IngestBatch)[];
    for (const field of fields) {
      cases.push([`${field} missing`, variant((b) => void delete b[field])]);
      for (const [kind, value] of [
        ['null', null],
        ['a string', 'x'],
        ['an object', { nested: true }],
        ['a negative number', -1],
      ] as const) {
        // An impossible send time is replaced by the server's, not refused: corrupt input
        // loses only the corrupt part (test/server/ingest/impossibleValues.test.ts).
        if (field === 'sentAtUs' && kind === 'a negative number') continue;
        cases.push([`${field} as ${kind}`, variant((b) => void (b[field] = value))]);
      }
    }
    cases.push(
      ['an unknown field', variant((b) => void (b.bogus = 1))],
      ['seq not an integer', variant((b) => void (b.seq = 1.5))],
      ['linkId with NUL', variant((b) => void (b.linkId = 'r4\u0000link'))],
      ['linkId with a lone surrogate', variant((b) => void (b.linkId = 'r4\ud800'))],
      ['linkId of another link', variant((b) => void (b.linkId = 'someone-else'))],
      [
        'a sample latitude as text',
        variant(
          (b) =>
            void ((b.samples as { values: Record<string, unknown> }[])[0]!.values.latDeg = 'north'),
        ),
      ],
      // A sample dated before 2000 is dropped from its batch, not refused with it (see
      // impossibleValues.test.ts); a time that is not a number is refused.
      [
        'a sample time as text',
        variant((b) => void ((b.samples as { tUs: unknown }[])[0]!.tUs = 'noon')),
      ],
      ['a sample as a string', variant((b) => void ((b.samples as unknown[])[0] = 'sample'))],
      [
        'an event of no known type',
        variant(
          (b) =>
            void (b.events = [{ type: 'nonsense', tUs: (b.samples as { tUs: number }[])[0]!.tUs }]),
        ),
      ],
      [
        'rawTlog truncated',
        variant((b) => void (b.rawTlog = valid.rawTlog.subarray(0, valid.rawTlog.length - 3))),
      ],
      [
        'rawTlog as base64 text',
        variant((b) => void (b.rawTlog = Buffer.from(valid.rawTlog).toString('base64'))),
      ],
      [
        'rawTlog of garbage bytes',
        variant((b) => void (b.rawTlog = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]))),
      ],
      ['decodeStats with a text count', variant((b) => void (b.decodeStats = { frames: 'many' }))],
      ['linkStats not an array', variant((b) => void (b.linkStats = { sysId: 1 }))],
    );
    return cases;
  }

  it('refuses every bad batch with an ack naming a code and message, storing nothing', async () => {
    await harness.settle();
    const dbs = () => [harness.db, batchLogDb(harness.db)];
    const before = await documentCounts(...dbs());
    const cases = socketCases();
    console.log(`R4 socket cases: ${cases.length}`);
    const failures: string[] = [];
    for (const [name, batch] of cases) {
      const ack = (await socket
        .timeout(10_000)
        .emitWithAck('batch', batch as IngestBatch)) as IngestAck;
      if (ack.ok !== false || typeof ack.error?.code !== 'string' || !ack.error.message) {
        failures.push(`${name} → ${JSON.stringify(ack).slice(0, 200)}`);
      }
    }
    await harness.settle();
    expect(failures).toEqual([]);
    expect(socket.connected).toBe(true);
    expect(await documentCounts(...dbs())).toEqual(before);
  });
});
