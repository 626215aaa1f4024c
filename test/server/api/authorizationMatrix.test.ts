import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EntityId } from '../../../server/store/ids.js';
import { createApiKey } from '../../../server/auth/apiKeys.js';
import { evaluateFlight } from '../../../server/certification/evaluations/evaluationService.js';
import { createTestPlan } from '../../../server/certification/evaluations/testPlanService.js';
import {
  FENCES,
  syntheticEvents,
  syntheticSamples,
} from '../../certification/reports/reportFixture.js';
import { storeLandedFlight } from '../../certification/store/storedFlightFixture.js';
import { allApiRoutes } from '../../../server/http/routes/apiRouter.js';
import { getModels } from '../../../server/store/models/models.js';
import { ACTORS, openApiWorld, PASSWORD, type Actor, type ApiWorld } from './apiWorld.js';

/** Objects the admin's successful PATCH/DELETE calls may change or remove. */
interface Targets {
  spareMaker: string;
  spareVehicle: string;
  spareRange: string;
  spareUser: string;
  spareKey: string;
  /** Maker A's flight with stored telemetry, evaluated once against `planId`. */
  evaluatedFlight: string;
  planId: string;
  evaluationId: string;
}

let planCounter = 0;
/** A small valid test plan; each call a new key, so every successful create is a new plan. */
function speedPlan() {
  planCounter += 1;
  return {
    id: `matrix-${planCounter}`,
    name: `Matrix speed ${planCounter}`,
    items: [{ id: 'speed', criterion: 'max-speed', params: { maxSpeedMps: 19, sustainS: 5 } }],
  };
}

type Ids = ApiWorld['ids'] & Targets;

interface MatrixRow {
  /** `METHOD /path` exactly as the router declares it. */
  route: string;
  path: (ids: Ids) => string;
  body?: (ids: Ids, world: ApiWorld) => object;
  expected: Record<Actor, number>;
}

/** Expected statuses in ACTORS order: anonymous, makerA, makerB, operator, engineer, admin. */
function statuses(
  ...codes: [number, number, number, number, number, number]
): Record<Actor, number> {
  return Object.fromEntries(ACTORS.map((actor, index) => [actor, codes[index]])) as Record<
    Actor,
    number
  >;
}

const everyone = statuses(200, 200, 200, 200, 200, 200);
const signedIn = statuses(401, 200, 200, 200, 200, 200);
/** A maker A resource: maker B is told it does not exist. */
const ownedByA = statuses(401, 200, 404, 200, 200, 200);
const adminOnly = (success: number) => statuses(401, 403, 403, 403, 403, success);
/** Evaluating and editing plans: engineers and admins. */
const evaluators = (success: number) => statuses(401, 403, 403, 403, success, success);
/** An evaluation's downloads: the drone's maker and engineers, not operators. */
const evaluationDownload = statuses(401, 200, 404, 403, 200, 200);

const MATRIX: MatrixRow[] = [
  { route: 'GET /openapi.json', path: () => '/api/openapi.json', expected: everyone },
  { route: 'GET /docs', path: () => '/api/docs', expected: everyone },
  {
    route: 'POST /auth/login',
    path: () => '/api/auth/login',
    body: (_ids, world) => ({ email: world.emails.operator, password: PASSWORD }),
    expected: everyone,
  },
  { route: 'GET /auth/setup', path: () => '/api/auth/setup', expected: everyone },
  { route: 'GET /auth/setup.js', path: () => '/api/auth/setup.js', expected: everyone },
  {
    // An admin exists, so the first-admin setup is over for everyone.
    route: 'POST /auth/setup',
    path: () => '/api/auth/setup',
    body: () => ({
      token: 'x'.repeat(43),
      email: 'late@sortie.test',
      name: 'Late',
      password: 'a long enough password',
    }),
    expected: statuses(409, 409, 409, 409, 409, 409),
  },
  { route: 'GET /me', path: () => '/api/me', expected: signedIn },
  {
    // A wrong current password: the route is open to every signed-in user, and changes nothing.
    route: 'POST /me/password',
    path: () => '/api/me/password',
    body: () => ({ currentPassword: 'not the password', newPassword: 'another long password' }),
    expected: statuses(401, 403, 403, 403, 403, 403),
  },
  { route: 'GET /flights', path: () => '/api/flights', expected: signedIn },
  { route: 'GET /flights/:id', path: (ids) => `/api/flights/${ids.flightA}`, expected: ownedByA },
  {
    route: 'GET /flights/:id/series',
    path: (ids) => `/api/flights/${ids.flightA}/series?channels=altRelM`,
    expected: ownedByA,
  },
  {
    route: 'GET /flights/:id/events',
    path: (ids) => `/api/flights/${ids.flightA}/events`,
    expected: ownedByA,
  },
  {
    route: 'GET /flights/:id/raw.tlog',
    path: (ids) => `/api/flights/${ids.flightA}/raw.tlog`,
    expected: statuses(401, 200, 404, 403, 200, 200),
  },
  { route: 'GET /vehicles', path: () => '/api/vehicles', expected: signedIn },
  {
    route: 'GET /vehicles/:id',
    path: (ids) => `/api/vehicles/${ids.vehicleA}`,
    expected: ownedByA,
  },
  {
    route: 'POST /vehicles',
    path: () => '/api/vehicles',
    body: () => ({ name: 'New', serial: 'NEW-001' }),
    expected: adminOnly(201),
  },
  {
    route: 'PATCH /vehicles/:id',
    path: (ids) => `/api/vehicles/${ids.spareVehicle}`,
    body: () => ({ model: 'X8' }),
    expected: adminOnly(200),
  },
  {
    route: 'DELETE /vehicles/:id',
    path: (ids) => `/api/vehicles/${ids.spareVehicle}`,
    expected: adminOnly(204),
  },
  { route: 'GET /makers', path: () => '/api/makers', expected: signedIn },
  { route: 'GET /makers/:id', path: (ids) => `/api/makers/${ids.makerA}`, expected: ownedByA },
  {
    route: 'POST /makers',
    path: () => '/api/makers',
    body: () => ({ name: 'Condor C' }),
    expected: adminOnly(201),
  },
  {
    route: 'PATCH /makers/:id',
    path: (ids) => `/api/makers/${ids.spareMaker}`,
    body: () => ({ contactEmail: 'cert@spare.kr' }),
    expected: adminOnly(200),
  },
  {
    route: 'DELETE /makers/:id',
    path: (ids) => `/api/makers/${ids.spareMaker}`,
    expected: adminOnly(204),
  },
  { route: 'GET /ranges', path: () => '/api/ranges', expected: signedIn },
  { route: 'GET /ranges/:id', path: (ids) => `/api/ranges/${ids.rangeId}`, expected: signedIn },
  {
    route: 'POST /ranges',
    path: () => '/api/ranges',
    body: () => ({ name: 'Jeju', origin: { latDeg: 33.4, lonDeg: 126.5 } }),
    expected: adminOnly(201),
  },
  {
    route: 'PATCH /ranges/:id',
    path: (ids) => `/api/ranges/${ids.spareRange}`,
    body: () => ({ timeZone: 'UTC' }),
    expected: adminOnly(200),
  },
  {
    route: 'DELETE /ranges/:id',
    path: (ids) => `/api/ranges/${ids.spareRange}`,
    expected: adminOnly(204),
  },
  { route: 'GET /users', path: () => '/api/users', expected: adminOnly(200) },
  {
    route: 'GET /users/:id',
    path: (ids) => `/api/users/${ids.spareUser}`,
    expected: adminOnly(200),
  },
  {
    route: 'POST /users',
    path: () => '/api/users',
    body: () => ({
      email: 'new.engineer@sortie.test',
      name: 'New',
      role: 'engineer',
      password: 'a long enough password',
    }),
    expected: adminOnly(201),
  },
  {
    route: 'PATCH /users/:id',
    path: (ids) => `/api/users/${ids.spareUser}`,
    body: () => ({ name: 'Renamed' }),
    expected: adminOnly(200),
  },
  {
    route: 'DELETE /users/:id',
    path: (ids) => `/api/users/${ids.spareUser}`,
    expected: adminOnly(204),
  },
  { route: 'GET /api-keys', path: () => '/api/api-keys', expected: adminOnly(200) },
  {
    route: 'POST /api-keys',
    path: () => '/api/api-keys',
    body: () => ({ name: 'north-link' }),
    expected: adminOnly(201),
  },
  {
    route: 'DELETE /api-keys/:id',
    path: (ids) => `/api/api-keys/${ids.spareKey}`,
    expected: adminOnly(200),
  },
  { route: 'GET /audit', path: () => '/api/audit', expected: adminOnly(200) },
  {
    route: 'POST /flights/:id/evaluations',
    path: (ids) => `/api/flights/${ids.evaluatedFlight}/evaluations`,
    body: (ids) => ({ planId: ids.planId }),
    expected: evaluators(201),
  },
  {
    // Past the access check a JSON body is refused (the log goes as octet-stream): a 400.
    route: 'POST /flights/:id/onboard-log',
    path: (ids) => `/api/flights/${ids.evaluatedFlight}/onboard-log`,
    body: () => ({}),
    expected: evaluators(400),
  },
  {
    // Past the access check a JSON body is refused (the log goes as octet-stream): a 400.
    route: 'POST /flights/import',
    path: (ids) => `/api/flights/import?vehicleId=${ids.vehicleA}`,
    body: () => ({}),
    expected: evaluators(400),
  },
  {
    route: 'GET /flights/:id/onboard-logs',
    path: (ids) => `/api/flights/${ids.flightA}/onboard-logs`,
    expected: ownedByA,
  },
  {
    // No such log behind the flight: 404 past the access check, 403 for a role without downloads.
    route: 'GET /flights/:id/onboard-logs/:sha256',
    path: (ids) => `/api/flights/${ids.flightA}/onboard-logs/${'0'.repeat(64)}`,
    expected: statuses(401, 404, 404, 403, 404, 404),
  },
  {
    route: 'GET /flights/:id/evaluations',
    path: (ids) => `/api/flights/${ids.evaluatedFlight}/evaluations`,
    expected: ownedByA,
  },
  {
    route: 'GET /evaluations/:id',
    path: (ids) => `/api/evaluations/${ids.evaluationId}`,
    expected: ownedByA,
  },
  ...[
    'report.pdf',
    'report.csv',
    'verdicts.csv',
    'track.geojson',
    'track.kml',
    'raw.tlog',
    'evaluation.json',
  ].map((file): MatrixRow => ({
    route: `GET /evaluations/:id/${file}`,
    path: (ids) => `/api/evaluations/${ids.evaluationId}/${file}`,
    expected: evaluationDownload,
  })),
  { route: 'GET /test-plans', path: () => '/api/test-plans', expected: signedIn },
  // Public keys: whoever may read a report may check it.
  { route: 'GET /signing-keys', path: () => '/api/signing-keys', expected: signedIn },
  {
    route: 'POST /test-plans',
    path: () => '/api/test-plans',
    body: () => speedPlan(),
    expected: evaluators(201),
  },
  {
    route: 'GET /test-plans/:id',
    path: (ids) => `/api/test-plans/${ids.planId}`,
    expected: signedIn,
  },
  {
    route: 'PUT /test-plans/:id',
    path: (ids) => `/api/test-plans/${ids.planId}`,
    body: () => ({ ...speedPlan(), id: 'matrix-base' }),
    expected: evaluators(200),
  },
  {
    route: 'GET /ranges/:id/fences',
    path: (ids) => `/api/ranges/${ids.rangeId}/fences`,
    expected: signedIn,
  },
  {
    route: 'PUT /ranges/:id/fences',
    path: (ids) => `/api/ranges/${ids.rangeId}/fences`,
    body: () => FENCES,
    expected: adminOnly(200),
  },
  // The range has no basemap here (test/server/api/basemap.test.ts uploads one), and a JSON
  // body is no PMTiles file: past the access check, the admin is told what is missing.
  {
    route: 'GET /ranges/:id/basemap',
    path: (ids) => `/api/ranges/${ids.rangeId}/basemap`,
    expected: statuses(401, 204, 204, 204, 204, 204),
  },
  {
    route: 'GET /ranges/:id/basemap/:z/:x/:y',
    path: (ids) => `/api/ranges/${ids.rangeId}/basemap/0/0/0`,
    expected: statuses(401, 404, 404, 404, 404, 404),
  },
  {
    route: 'GET /ranges/:id/basemap/image',
    path: (ids) => `/api/ranges/${ids.rangeId}/basemap/image`,
    expected: statuses(401, 404, 404, 404, 404, 404),
  },
  {
    route: 'PUT /ranges/:id/basemap',
    path: (ids) => `/api/ranges/${ids.rangeId}/basemap`,
    body: () => ({}),
    expected: adminOnly(415),
  },
  {
    route: 'DELETE /ranges/:id/basemap',
    path: (ids) => `/api/ranges/${ids.rangeId}/basemap`,
    expected: adminOnly(404),
  },
  // Last: it ends each actor's session.
  {
    route: 'POST /auth/logout',
    path: () => '/api/auth/logout',
    body: () => ({}),
    expected: statuses(204, 204, 204, 204, 204, 204),
  },
];

describe('the authorization matrix: every route × every kind of caller', () => {
  let world: ApiWorld;
  let ids: Ids;

  beforeAll(async () => {
    world = await openApiWorld('apiMatrix');
    const { Maker, Range, User, Vehicle } = getModels(world.database.connection);
    const spareUser = await User.create({
      email: 'spare@sortie.test',
      name: 'Spare',
      role: 'operator',
      passwordHash: 'unused',
    });
    const spareKey = await createApiKey(world.database.connection, {
      name: 'spare',
      rangeId: null,
    });
    const stored = await storeLandedFlight(
      world.database.connection,
      syntheticSamples(),
      syntheticEvents(),
      [Buffer.from('raw frames')],
      { maker: 'Matrix maker', vehicle: 'M8', range: 'Matrix range', fences: FENCES },
    );
    await getModels(world.database.connection).Flight.updateOne(
      { _id: new EntityId(stored.flightId) },
      { $set: { makerId: new EntityId(world.ids.makerA) } },
    );
    const plan = await createTestPlan(
      world.database.connection,
      { ...speedPlan(), id: 'matrix-base' },
      world.ids.users.engineer,
    );
    const evaluation = await evaluateFlight(
      world.database.connection,
      stored.flightId,
      plan.planId,
      {
        trigger: 'request',
        createdBy: world.ids.users.engineer,
      },
    );
    ids = {
      ...world.ids,
      evaluatedFlight: stored.flightId,
      planId: plan.planId,
      evaluationId: evaluation.id,
      spareMaker: (await Maker.create({ name: 'Spare maker' }))._id.toHexString(),
      spareVehicle: (await Vehicle.create({ name: 'Spare', serial: 'SPARE-1' }))._id.toHexString(),
      spareRange: (
        await Range.create({ name: 'Spare range', origin: { latDeg: 35, lonDeg: 128 } })
      )._id.toHexString(),
      spareUser: spareUser._id.toHexString(),
      spareKey: spareKey.apiKey.id,
    };
  });
  afterAll(async () => {
    await world?.close();
  });

  it('has a row for every route the API declares, and no row for a route that does not exist', () => {
    const declared = allApiRoutes().map((route) => `${route.method.toUpperCase()} ${route.path}`);

    expect([...MATRIX.map((row) => row.route)].sort()).toEqual([...declared].sort());
  });

  // Rows run in order and, within a row, the admin last: its success may delete the target.
  for (const row of MATRIX) {
    it(`${row.route}: ${ACTORS.map((actor) => `${actor} ${row.expected[actor]}`).join(', ')}`, async () => {
      const [method] = row.route.split(' ') as [string];
      const answered: Record<string, number> = {};
      for (const actor of ACTORS) {
        const path = row.path(ids);
        let call = request(world.app)[method.toLowerCase() as 'get' | 'post' | 'patch' | 'delete'](
          path,
        );
        if (world.cookies[actor]) call = call.set('cookie', world.cookies[actor]);
        const response = row.body ? await call.send(row.body(ids, world)) : await call;
        answered[actor] = response.status;
        if (response.status >= 400) {
          // Every refusal has the one error shape.
          expect(response.body.error.code, `${actor} ${row.route}`).toEqual(expect.any(String));
          expect(response.body.error.message, `${actor} ${row.route}`).toEqual(expect.any(String));
        }
      }
      expect(answered).toEqual(row.expected);
    });
  }
});
