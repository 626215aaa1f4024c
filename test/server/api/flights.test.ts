import request from 'supertest';
import { EntityId } from '../../../server/store/ids.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getModels } from '../../../server/store/models/models.js';
import { openApiWorld, rawBytesOf, type ApiWorld } from './apiWorld.js';

describe('flights over REST', () => {
  let world: ApiWorld;
  const extraFlightIds: string[] = [];

  beforeAll(async () => {
    world = await openApiWorld('apiFlights');
    const { Flight } = getModels(world.database.connection);
    // Seven more flights of maker A's vehicle, one per hour, to page through.
    for (let hour = 0; hour < 7; hour += 1) {
      const startedAt = new Date(Date.UTC(2026, 10, 3, hour));
      const flight = await Flight.create({
        vehicleId: new EntityId(world.ids.vehicleA),
        makerId: new EntityId(world.ids.makerA),
        rangeId: new EntityId(world.ids.rangeId),
        vehicleName: 'A-Hex-1',
        makerName: 'Aero A',
        linkId: 'link-2',
        sysId: 1,
        compId: 1,
        status: hour === 6 ? 'live' : 'evaluated',
        verdict: hour === 6 ? null : hour % 2 === 0 ? 'pass' : 'fail',
        startedAt,
        lastHeardAt: startedAt,
        summary: { durationS: 60 * (hour + 1) },
      });
      extraFlightIds.push(flight._id.toHexString());
    }
  });
  afterAll(async () => {
    await world?.close();
  });

  const list = (query: string, actor: keyof ApiWorld['cookies'] = 'engineer') =>
    request(world.app).get(`/api/flights${query}`).set('cookie', world.cookies[actor]);

  it('lists newest first by default, with every field the client needs', async () => {
    const response = await list('').expect(200);

    const started = response.body.flights.map((f: { startedAt: string }) => f.startedAt);
    expect(started).toEqual([...started].sort().reverse());
    expect(response.body.flights[0]).toMatchObject({
      vehicleName: 'A-Hex-1',
      makerName: 'Aero A',
      status: 'live',
      makerId: world.ids.makerA,
    });
  });

  it("lists only maker A's flights to maker A, even when asking for maker B's", async () => {
    const own = await list('', 'makerA').expect(200);
    const askedForB = await list(`?maker=${world.ids.makerB}`, 'makerA').expect(200);

    expect(own.body.flights).toHaveLength(8);
    expect(own.body.flights.every((f: { makerId: string }) => f.makerId === world.ids.makerA)).toBe(
      true,
    );
    expect(askedForB.body.flights).toEqual([]);
  });

  it('pages with a cursor through every flight exactly once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `?limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const response = await list(query).expect(200);
      seen.push(...response.body.flights.map((f: { id: string }) => f.id));
      cursor = response.body.nextCursor;
    } while (cursor);

    expect(seen).toHaveLength(9);
    expect(new Set(seen).size).toBe(9);
  });

  it('pages in duration order with the same cursor scheme', async () => {
    const first = await list('?sort=-durationS&limit=2').expect(200);
    const second = await list(`?sort=-durationS&limit=2&cursor=${first.body.nextCursor}`).expect(
      200,
    );

    const durations = [...first.body.flights, ...second.body.flights].map(
      (f: { summary: { durationS: number } }) => f.summary.durationS,
    );
    expect(durations).toEqual([420, 360, 300, 300]);
  });

  it('filters by status, verdict, vehicle, date span and text', async () => {
    expect((await list('?status=live').expect(200)).body.flights).toHaveLength(1);
    expect((await list('?status=live,landed').expect(200)).body.flights).toHaveLength(3);
    expect((await list('?verdict=pass').expect(200)).body.flights).toHaveLength(3);
    expect((await list('?verdict=none').expect(200)).body.flights).toHaveLength(3);
    expect(
      (await list(`?vehicle=${world.ids.vehicleB}`).expect(200)).body.flights.map(
        (f: { id: string }) => f.id,
      ),
    ).toEqual([world.ids.flightB]);
    const span = await list('?from=2026-11-03T02:00:00Z&to=2026-11-03T04:00:00Z').expect(200);
    expect(span.body.flights).toHaveLength(2);
    expect((await list('?text=bird').expect(200)).body.flights).toHaveLength(1);
    expect((await list('?text=.*').expect(200)).body.flights).toHaveLength(0);
  });

  it('refuses operator injection and unknown filters in the query string with 400', async () => {
    const injected = await list('?maker[$ne]=x').expect(400);
    const unknown = await list('?owner=me').expect(400);
    const badId = await list('?vehicle=123').expect(400);

    expect(injected.body.error.code).toBe('invalid_input');
    expect(unknown.body.error.message).toMatch(/owner|unrecognized/i);
    expect(badId.body.error.message).toMatch(/vehicle: must be a 24-character hexadecimal id/);
  });

  it('refuses a reversed date span and a forged cursor with a message that says why', async () => {
    const reversed = await list('?from=2026-11-04T00:00:00Z&to=2026-11-03T00:00:00Z').expect(400);
    const forged = await list('?cursor=bm90LWEtY3Vyc29y').expect(400);

    expect(reversed.body.error.message).toMatch(/from must be before to/);
    expect(forged.body.error.message).toMatch(/cursor/);
  });

  it('shows a flight and records the view in the audit log', async () => {
    const response = await request(world.app)
      .get(`/api/flights/${world.ids.flightB}`)
      .set('cookie', world.cookies.makerB)
      .expect(200);

    expect(response.body.id).toBe(world.ids.flightB);
    const audit = await request(world.app)
      .get(`/api/audit?flight=${world.ids.flightB}`)
      .set('cookie', world.cookies.admin)
      .expect(200);
    expect(audit.body.entries[0]).toMatchObject({
      action: 'view',
      flightId: world.ids.flightB,
      userId: world.ids.users.makerB,
      userRole: 'maker',
    });
  });

  it("hides maker A's flight from maker B as 404 in detail, series, events and download", async () => {
    for (const suffix of ['', '/series?channels=altRelM', '/events', '/raw.tlog']) {
      const response = await request(world.app)
        .get(`/api/flights/${world.ids.flightA}${suffix}`)
        .set('cookie', world.cookies.makerB)
        .expect(404);
      expect(response.body.error.message).toBe(`No flight ${world.ids.flightA}.`);
    }
  });

  it('streams the raw .tlog byte for byte as an attachment and audits the download', async () => {
    const response = await request(world.app)
      .get(`/api/flights/${world.ids.flightA}/raw.tlog`)
      .set('cookie', world.cookies.makerA)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);

    expect(Buffer.compare(response.body as Buffer, rawBytesOf(world.ids.flightA))).toBe(0);
    expect(response.headers['content-disposition']).toMatch(
      /^attachment; filename="A-Hex-1_2026-11-01T01-00-00-000Z\.tlog"$/,
    );
    const audit = await request(world.app)
      .get(`/api/audit?flight=${world.ids.flightA}&action=download`)
      .set('cookie', world.cookies.admin)
      .expect(200);
    expect(audit.body.entries[0].userId).toBe(world.ids.users.makerA);
  });

  it('passes validated series parameters on to the telemetry store', async () => {
    const response = await request(world.app)
      .get(
        `/api/flights/${world.ids.flightA}/series?channels=altRelM,groundSpeedMps&from=0&to=5000000&maxPoints=500`,
      )
      .set('cookie', world.cookies.operator)
      .expect(200);

    expect(response.body).toEqual({
      flightId: world.ids.flightA,
      channels: ['altRelM', 'groundSpeedMps'],
      fromUs: 0,
      toUs: 5_000_000,
      maxPoints: 500,
      downsampling: 'lttb',
    });
  });

  it('refuses bad series parameters with 400', async () => {
    const base = `/api/flights/${world.ids.flightA}/series`;
    for (const query of [
      '',
      '?channels=alt;drop',
      '?channels=a&maxPoints=1',
      '?channels=a&from=9&to=3',
    ]) {
      await request(world.app)
        .get(base + query)
        .set('cookie', world.cookies.operator)
        .expect(400);
    }
  });

  it('refuses a flight id that is not an ObjectId with 400 naming the parameter', async () => {
    const response = await request(world.app)
      .get('/api/flights/not-an-id')
      .set('cookie', world.cookies.admin)
      .expect(400);

    expect(response.body.error.message).toMatch(/id: must be a 24-character hexadecimal id/);
  });
});
