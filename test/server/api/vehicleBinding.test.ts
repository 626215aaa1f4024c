import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveVehicle } from '../../../server/ingest/vehicleResolver.js';
import { getModels } from '../../../server/store/models/models.js';
import { openApiWorld, type ApiWorld } from './apiWorld.js';

describe('one vehicle per (range, system id)', () => {
  let world: ApiWorld;
  const asAdmin = () => ({
    post: (path: string, body: object) =>
      request(world.app).post(path).set('cookie', world.cookies.admin).send(body),
    patch: (path: string, body: object) =>
      request(world.app).patch(path).set('cookie', world.cookies.admin).send(body),
  });

  /** What ingest does when it hears a system id nobody registered, plus one flight of it. */
  async function automaticRecordWithFlight(sysId: number) {
    const heard = await resolveVehicle(world.database.connection, world.ids.rangeId, sysId);
    const startedAt = new Date('2026-11-03T02:00:00Z');
    const flight = await getModels(world.database.connection).Flight.create({
      vehicleId: heard.vehicleId,
      makerId: null,
      rangeId: world.ids.rangeId,
      vehicleName: heard.vehicleName,
      makerName: '',
      linkId: 'link-1',
      sysId,
      compId: 1,
      status: 'landed',
      startedAt,
      lastHeardAt: startedAt,
    });
    return { vehicleId: heard.vehicleId, flightId: flight._id.toHexString() };
  }

  beforeAll(async () => {
    world = await openApiWorld('apiVehicleBinding');
  });
  afterAll(async () => {
    await world?.close();
  });

  it('refuses a second vehicle for a (range, sysId) another registered vehicle holds with 409', async () => {
    // The world's vehicle A flies as system 1 on the range.
    const response = await asAdmin()
      .post('/api/vehicles', {
        name: 'Imposter',
        serial: 'IMP-1',
        rangeId: world.ids.rangeId,
        sysId: 1,
      })
      .expect(409);
    expect(response.body.error.message).toMatch(/already bound to vehicle "A-Hex-1"/);
    expect(response.body.error.details).toMatchObject({ vehicleId: world.ids.vehicleA });
    const { Vehicle } = getModels(world.database.connection);
    expect(await Vehicle.countDocuments({ serial: 'IMP-1' })).toBe(0);
  });

  it('refuses to move a vehicle onto a (range, sysId) another holds, and allows it once freed', async () => {
    const spare = await asAdmin()
      .post('/api/vehicles', { name: 'Spare', serial: 'SPARE-1' })
      .expect(201);
    await asAdmin()
      .patch(`/api/vehicles/${spare.body.id}`, { rangeId: world.ids.rangeId, sysId: 2 })
      .expect(409);
    await asAdmin().patch(`/api/vehicles/${world.ids.vehicleB}`, { sysId: null }).expect(200);
    await asAdmin()
      .patch(`/api/vehicles/${spare.body.id}`, { rangeId: world.ids.rangeId, sysId: 2 })
      .expect(200);
    const heard = await resolveVehicle(world.database.connection, world.ids.rangeId, 2);
    expect(heard.vehicleId).toBe(spare.body.id);
  });

  it('registering the real vehicle takes over the automatic "System N" record and its flights', async () => {
    const automatic = await automaticRecordWithFlight(7);
    const registered = await asAdmin()
      .post('/api/vehicles', {
        name: 'A-Hex-7',
        serial: 'A-007',
        makerId: world.ids.makerA,
        rangeId: world.ids.rangeId,
        sysId: 7,
      })
      .expect(201);
    expect(registered.body).toMatchObject({ id: automatic.vehicleId, serial: 'A-007' });

    // Maker A now sees the flight flown before the registration, under the vehicle's name.
    const flight = await request(world.app)
      .get(`/api/flights/${automatic.flightId}`)
      .set('cookie', world.cookies.makerA)
      .expect(200);
    expect(JSON.stringify(flight.body)).toContain('A-Hex-7');
    const heard = await resolveVehicle(world.database.connection, world.ids.rangeId, 7);
    expect(heard).toMatchObject({ vehicleId: automatic.vehicleId, makerId: world.ids.makerA });
    const { Vehicle } = getModels(world.database.connection);
    expect(await Vehicle.countDocuments({ rangeId: world.ids.rangeId, sysId: 7 })).toBe(1);
  });

  it('binding a registered vehicle to an automatic record merges the record in', async () => {
    const automatic = await automaticRecordWithFlight(9);
    const existing = await asAdmin()
      .post('/api/vehicles', { name: 'B-Quad-9', serial: 'B-009', makerId: world.ids.makerB })
      .expect(201);
    await asAdmin()
      .patch(`/api/vehicles/${existing.body.id}`, { rangeId: world.ids.rangeId, sysId: 9 })
      .expect(200);
    const { Flight, Vehicle } = getModels(world.database.connection);
    expect(await Vehicle.exists({ _id: automatic.vehicleId })).toBeNull();
    const flight = await Flight.findById(automatic.flightId).lean();
    expect(flight?.vehicleId.toHexString()).toBe(existing.body.id);
    expect(flight?.makerId?.toHexString()).toBe(world.ids.makerB);
    await request(world.app)
      .get(`/api/flights/${automatic.flightId}`)
      .set('cookie', world.cookies.makerB)
      .expect(200);
  });

  it('ingest prefers the registered vehicle where older data holds both for one pair', async () => {
    const { Vehicle } = getModels(world.database.connection);
    // Written straight to the database, automatic record first: the API no longer lets this arise.
    await Vehicle.create({
      name: 'System 11',
      serial: `auto:${world.ids.rangeId}:11`,
      rangeId: world.ids.rangeId,
      sysId: 11,
    });
    const registered = await Vehicle.create({
      name: 'A-Hex-11',
      serial: 'A-011',
      makerId: world.ids.makerA,
      rangeId: world.ids.rangeId,
      sysId: 11,
    });
    const heard = await resolveVehicle(world.database.connection, world.ids.rangeId, 11);
    expect(heard.vehicleId).toBe(registered._id.toHexString());
  });
});
