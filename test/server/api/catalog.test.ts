import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getModels } from '../../../server/store/models/models.js';
import { openApiWorld, type ApiWorld } from './apiWorld.js';

describe('vehicles, makers and ranges over REST', () => {
  let world: ApiWorld;
  const asAdmin = () => ({
    post: (path: string, body: object) =>
      request(world.app).post(path).set('cookie', world.cookies.admin).send(body),
    patch: (path: string, body: object) =>
      request(world.app).patch(path).set('cookie', world.cookies.admin).send(body),
    delete: (path: string) => request(world.app).delete(path).set('cookie', world.cookies.admin),
  });

  beforeAll(async () => {
    world = await openApiWorld('apiCatalog');
  });
  afterAll(async () => {
    await world?.close();
  });

  it('lists only its own vehicles and maker to a maker user', async () => {
    const vehicles = await request(world.app)
      .get('/api/vehicles')
      .set('cookie', world.cookies.makerB)
      .expect(200);
    const makers = await request(world.app)
      .get('/api/makers')
      .set('cookie', world.cookies.makerB)
      .expect(200);

    expect(vehicles.body.vehicles.map((v: { id: string }) => v.id)).toEqual([world.ids.vehicleB]);
    expect(makers.body.makers.map((m: { name: string }) => m.name)).toEqual(['Bird B']);
  });

  it("moving a vehicle to another maker moves its flights' visibility with it", async () => {
    const { Vehicle, Flight } = getModels(world.database.connection);
    const vehicle = await Vehicle.create({
      name: 'Loaner',
      serial: 'LOAN-1',
      makerId: world.ids.makerA,
    });
    const flight = await Flight.create({
      vehicleId: vehicle._id,
      makerId: world.ids.makerA,
      makerName: 'Aero A',
      linkId: 'l',
      sysId: 9,
      compId: 1,
      startedAt: new Date(),
      lastHeardAt: new Date(),
    });
    const flightPath = `/api/flights/${flight._id.toHexString()}`;
    await request(world.app).get(flightPath).set('cookie', world.cookies.makerB).expect(404);

    await asAdmin()
      .patch(`/api/vehicles/${vehicle._id.toHexString()}`, { makerId: world.ids.makerB })
      .expect(200);

    const seen = await request(world.app)
      .get(flightPath)
      .set('cookie', world.cookies.makerB)
      .expect(200);
    expect(seen.body.makerName).toBe('Bird B');
    await request(world.app).get(flightPath).set('cookie', world.cookies.makerA).expect(404);
  });

  it('refuses a vehicle whose maker does not exist with 422 and stores nothing', async () => {
    const response = await asAdmin()
      .post('/api/vehicles', {
        name: 'Ghost',
        serial: 'GHOST-1',
        makerId: '0123456789abcdef01234567',
      })
      .expect(422);

    expect(response.body.error.message).toMatch(/makerId 0123456789abcdef01234567 names no maker/);
    expect(
      await getModels(world.database.connection).Vehicle.exists({ serial: 'GHOST-1' }),
    ).toBeNull();
  });

  it('refuses a second vehicle with the same serial with 409', async () => {
    await asAdmin().post('/api/vehicles', { name: 'Twin', serial: 'TWIN-1' }).expect(201);

    const again = await asAdmin()
      .post('/api/vehicles', { name: 'Twin 2', serial: 'TWIN-1' })
      .expect(409);

    expect(again.body.error.message).toBe('A vehicle with serial "TWIN-1" already exists.');
  });

  it('refuses to delete a vehicle that has flights, or a maker that has vehicles, with 409', async () => {
    const vehicle = await asAdmin().delete(`/api/vehicles/${world.ids.vehicleA}`).expect(409);
    const maker = await asAdmin().delete(`/api/makers/${world.ids.makerA}`).expect(409);

    expect(vehicle.body.error.details).toEqual({ flights: 1 });
    expect(maker.body.error.details.vehicles).toBeGreaterThan(0);
    expect(
      await getModels(world.database.connection).Vehicle.exists({ _id: world.ids.vehicleA }),
    ).not.toBeNull();
  });

  it('renaming a maker renames it on its flights', async () => {
    const { Maker, Flight } = getModels(world.database.connection);
    const maker = await Maker.create({ name: 'Old Name Co' });
    const vehicle = await asAdmin()
      .post('/api/vehicles', { name: 'R1', serial: 'REN-1', makerId: maker._id.toHexString() })
      .expect(201);
    await Flight.create({
      vehicleId: vehicle.body.id,
      makerId: maker._id,
      makerName: 'Old Name Co',
      linkId: 'l',
      sysId: 3,
      compId: 1,
      startedAt: new Date(),
      lastHeardAt: new Date(),
    });

    await asAdmin()
      .patch(`/api/makers/${maker._id.toHexString()}`, { name: 'New Name Co' })
      .expect(200);

    expect((await Flight.findOne({ makerId: maker._id }).lean())?.makerName).toBe('New Name Co');
  });

  it('refuses operator injection in a body with 400 before anything is written', async () => {
    const response = await asAdmin()
      .post('/api/makers', { name: { $ne: null } })
      .expect(400);
    const extraKey = await asAdmin()
      .post('/api/makers', { name: 'Sneaky', $where: 'sleep(1000)' })
      .expect(400);

    expect(response.body.error.details[0].path).toEqual(['name']);
    expect(extraKey.body.error.message).toMatch(/\$where/);
    expect(
      await getModels(world.database.connection).Maker.countDocuments({ name: 'Sneaky' }),
    ).toBe(0);
  });

  it('creates a range with validated fences and refuses a self-crossing fence with 422', async () => {
    const square = {
      zones: [
        {
          id: 'box',
          role: 'inclusion',
          shape: 'polygon',
          vertices: [
            { latDeg: 34.6, lonDeg: 127.2 },
            { latDeg: 34.6, lonDeg: 127.21 },
            { latDeg: 34.61, lonDeg: 127.21 },
            { latDeg: 34.61, lonDeg: 127.2 },
          ],
        },
      ],
    };
    const created = await asAdmin()
      .post('/api/ranges', {
        name: 'Fenced',
        origin: { latDeg: 34.6, lonDeg: 127.2 },
        fences: square,
      })
      .expect(201);
    expect(created.body.fencesVersion).toBe(1);

    const bowTie = structuredClone(square);
    bowTie.zones[0]!.vertices = [
      { latDeg: 34.6, lonDeg: 127.2 },
      { latDeg: 34.61, lonDeg: 127.21 },
      { latDeg: 34.6, lonDeg: 127.21 },
      { latDeg: 34.61, lonDeg: 127.2 },
    ];
    const refused = await asAdmin()
      .patch(`/api/ranges/${created.body.id}`, { fences: bowTie })
      .expect(422);
    expect(refused.body.error.message).toMatch(/zones\[0\]/);
    const stored = await request(world.app)
      .get(`/api/ranges/${created.body.id}`)
      .set('cookie', world.cookies.operator)
      .expect(200);
    expect(stored.body.fencesVersion).toBe(1);
  });

  it('refuses an unknown time zone with 400 naming the field', async () => {
    const response = await asAdmin()
      .post('/api/ranges', {
        name: 'Nowhere',
        timeZone: 'Mars/Olympus',
        origin: { latDeg: 0, lonDeg: 0 },
      })
      .expect(400);

    expect(response.body.error.message).toMatch(/timeZone: must be an IANA time zone/);
  });

  it('refuses a body over the size limit with 413', async () => {
    const response = await asAdmin()
      .post('/api/makers', { name: 'Big', contactEmail: `${'x'.repeat(20_000)}@a.kr` })
      .expect(413);

    expect(response.body.error.code).toBe('payload_too_large');
  });
});
