import { Readable } from 'node:stream';
import express, { type Express } from 'express';
import type { EntityId } from '../../../server/store/ids.js';
import request from 'supertest';
import { hashPassword } from '../../../server/auth/passwords.js';
import { loadConfig, type Config } from '../../../server/config.js';
import type { Database } from '../../../server/db/connectDatabase.js';
import { errorHandler, notFoundHandler } from '../../../server/http/errorHandler.js';
import { apiRouter } from '../../../server/http/routes/apiRouter.js';
import type { FlightDataSource } from '../../../server/http/routes/flights/flightDataSource.js';
import { createLogger } from '../../../server/logger.js';
import { getModels, syncModelIndexes } from '../../../server/store/models/models.js';
import type { Role } from '../../../server/store/models/user.js';
import { openTestDatabase, silentLogger } from '../../support/testDatabase.js';

export const PASSWORD = 'correct horse battery';

export const ACTORS = ['anonymous', 'makerA', 'makerB', 'operator', 'engineer', 'admin'] as const;
export type Actor = (typeof ACTORS)[number];

/** Bytes standing in for a flight's recording, so a download can be checked byte for byte. */
export function rawBytesOf(flightId: string): Buffer {
  return Buffer.from(`raw-mavlink-of-${flightId}`);
}

/**
 * Reads per flight that depend only on the flight id, so tests can tell that the route asked
 * for the right flight. The database under the routes is real; this stands in for the
 * telemetry store only.
 */
export const echoFlightData: FlightDataSource = {
  async readSeries(_connection, flightId, request) {
    return { flightId, ...request };
  },
  async listEvents(_connection, flightId) {
    return { flightId, events: [] };
  },
  async openRawTlogStream(_connection, flightId) {
    return Readable.from([rawBytesOf(flightId)]);
  },
};

/** The /api router on an app like the server's, over a real test database. */
export function buildApiApp(
  database: Database,
  env: Record<string, string> = {},
  flightData: FlightDataSource = echoFlightData,
): { app: Express; config: Config } {
  const config = loadConfig({ SORTIE_BODY_LIMIT: '16kb', ...env });
  const app = express();
  app.set('query parser', 'simple');
  app.set('trust proxy', config.auth.trustProxyHops);
  app.use(express.json({ limit: config.http.bodyLimit }));
  app.use(
    '/api',
    apiRouter({ connection: database.connection, config, logger: silentLogger, flightData }),
  );
  app.use(notFoundHandler);
  app.use(errorHandler(process.env.TEST_API_LOG ? createLogger('error') : silentLogger));
  return { app, config };
}

export interface ApiWorld {
  database: Database;
  app: Express;
  ids: {
    makerA: string;
    makerB: string;
    rangeId: string;
    vehicleA: string;
    vehicleB: string;
    flightA: string;
    flightB: string;
    users: Record<Exclude<Actor, 'anonymous'>, string>;
  };
  emails: Record<Exclude<Actor, 'anonymous'>, string>;
  /** Cookie header of each actor's session ('' for anonymous). */
  cookies: Record<Actor, string>;
  login(email: string, password?: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * Two makers with one vehicle and one flight each, on one range, and a logged-in user of
 * every role: maker A and B users, an operator, an engineer and an admin.
 */
export async function openApiWorld(
  label: string,
  env: Record<string, string> = {},
  flightData: FlightDataSource = echoFlightData,
): Promise<ApiWorld> {
  const database = await openTestDatabase(label);
  await syncModelIndexes(database.connection);
  const { app } = buildApiApp(database, env, flightData);
  const { Flight, Maker, Range, User, Vehicle } = getModels(database.connection);

  const range = await Range.create({ name: 'Goheung', origin: { latDeg: 34.6, lonDeg: 127.2 } });
  const makers = {
    A: await Maker.create({ name: 'Aero A' }),
    B: await Maker.create({ name: 'Bird B' }),
  };
  const vehicles = {
    A: await Vehicle.create({
      name: 'A-Hex-1',
      serial: 'A-001',
      makerId: makers.A._id,
      rangeId: range._id,
      sysId: 1,
    }),
    B: await Vehicle.create({
      name: 'B-Quad-1',
      serial: 'B-001',
      makerId: makers.B._id,
      rangeId: range._id,
      sysId: 2,
    }),
  };
  const flights: Record<'A' | 'B', string> = { A: '', B: '' };
  for (const side of ['A', 'B'] as const) {
    const startedAt = new Date(side === 'A' ? '2026-11-01T01:00:00Z' : '2026-11-02T01:00:00Z');
    const flight = await Flight.create({
      vehicleId: vehicles[side]._id,
      makerId: makers[side]._id,
      rangeId: range._id,
      vehicleName: vehicles[side].name,
      makerName: makers[side].name,
      linkId: 'link-1',
      sysId: side === 'A' ? 1 : 2,
      compId: 1,
      status: 'landed',
      startedAt,
      lastHeardAt: startedAt,
      summary: { durationS: side === 'A' ? 300 : 120 },
    });
    flights[side] = flight._id.toHexString();
  }

  const passwordHash = await hashPassword(PASSWORD);
  const people: Record<Exclude<Actor, 'anonymous'>, { role: Role; makerId: EntityId | null }> = {
    makerA: { role: 'maker', makerId: makers.A._id },
    makerB: { role: 'maker', makerId: makers.B._id },
    operator: { role: 'operator', makerId: null },
    engineer: { role: 'engineer', makerId: null },
    admin: { role: 'admin', makerId: null },
  };
  const users = {} as ApiWorld['ids']['users'];
  const emails = {} as ApiWorld['emails'];
  for (const [actor, person] of Object.entries(people) as [
    keyof typeof people,
    (typeof people)[keyof typeof people],
  ][]) {
    const email = `${actor.toLowerCase()}@sortie.test`;
    const user = await User.create({ email, name: actor, ...person, passwordHash });
    users[actor] = user._id.toHexString();
    emails[actor] = email;
  }

  async function login(email: string, password = PASSWORD): Promise<string> {
    const response = await request(app).post('/api/auth/login').send({ email, password });
    if (response.status !== 200) throw new Error(`login of ${email} answered ${response.status}`);
    const setCookie = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
    const session = setCookie.find((c) => c.startsWith('sortie_session='));
    if (!session) throw new Error('login set no session cookie');
    return session.split(';')[0]!;
  }

  const cookies = { anonymous: '' } as Record<Actor, string>;
  for (const actor of Object.keys(people) as (keyof typeof people)[]) {
    cookies[actor] = await login(emails[actor]);
  }

  return {
    database,
    app,
    ids: {
      makerA: makers.A._id.toHexString(),
      makerB: makers.B._id.toHexString(),
      rangeId: range._id.toHexString(),
      vehicleA: vehicles.A._id.toHexString(),
      vehicleB: vehicles.B._id.toHexString(),
      flightA: flights.A,
      flightB: flights.B,
      users,
    },
    emails,
    cookies,
    login,
    close: () => database.close(),
  };
}
