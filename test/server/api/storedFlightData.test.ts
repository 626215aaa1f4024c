import request from 'supertest';
import { EntityId } from '../../../server/store/ids.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storedFlightData } from '../../../server/http/routes/flights/storedFlightData.js';
import { getModels } from '../../../server/store/models/models.js';
import { syntheticEvents, syntheticSamples } from '../../certification/reports/reportFixture.js';
import { storeLandedFlight } from '../../certification/store/storedFlightFixture.js';
import { openApiWorld, type ApiWorld } from './apiWorld.js';

describe('series, events and raw .tlog from the stored flight', () => {
  let world: ApiWorld;
  let flightId: string;
  const rawPieces = [Buffer.from('first piece '), Buffer.from('second piece')];

  beforeAll(async () => {
    world = await openApiWorld('apiStoredData', {}, storedFlightData);
    const stored = await storeLandedFlight(
      world.database.connection,
      syntheticSamples(),
      syntheticEvents(),
      rawPieces,
      { maker: 'Stored maker', vehicle: 'S8', range: 'Stored range' },
    );
    flightId = stored.flightId;
    await getModels(world.database.connection).Flight.updateOne(
      { _id: new EntityId(flightId) },
      { $set: { makerId: new EntityId(world.ids.makerA) } },
    );
  });
  afterAll(async () => {
    await world?.close();
  });

  const get = (path: string, actor: keyof ApiWorld['cookies'] = 'makerA') =>
    request(world.app).get(path).set('cookie', world.cookies[actor]);

  it('reads a channel downsampled to maxPoints', async () => {
    const response = await get(
      `/api/flights/${flightId}/series?channels=altRelM&maxPoints=50`,
    ).expect(200);

    const [altitude] = response.body.series;
    expect(altitude.channel).toBe('altRelM');
    expect(altitude.tUs.length).toBeLessThanOrEqual(50);
    expect(altitude.totalPoints).toBeGreaterThan(50);
  });

  it('answers an unknown channel with 400 naming it', async () => {
    const response = await get(`/api/flights/${flightId}/series?channels=warpFactor`).expect(400);

    expect(response.body.error.message).toMatch(/unknown channel "warpFactor"/);
  });

  it('lists the events in time order', async () => {
    const response = await get(`/api/flights/${flightId}/events`).expect(200);

    const times = response.body.events.map((e: { tUs: number }) => e.tUs);
    expect(response.body.events).toHaveLength(syntheticEvents().length);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(response.body.events[0].type).toBe('arm');
  });

  it('streams the stored raw pieces back byte for byte', async () => {
    const response = await get(`/api/flights/${flightId}/raw.tlog`)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);

    expect(Buffer.compare(response.body as Buffer, Buffer.concat(rawPieces))).toBe(0);
  });

  it('answers 404 for the raw .tlog of a flight that recorded no frames', async () => {
    const response = await get(`/api/flights/${world.ids.flightA}/raw.tlog`).expect(404);

    expect(response.body.error.message).toMatch(/no raw MAVLink recording/);
  });

  it('still hides the stored flight from maker B', async () => {
    await get(`/api/flights/${flightId}/events`, 'makerB').expect(404);
  });
});
