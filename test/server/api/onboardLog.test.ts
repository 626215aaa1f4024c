import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storedFlightData } from '../../../server/http/routes/flights/storedFlightData.js';
import {
  storeSimulatedLinkLossFlight,
  type SimulatedLinkLossFlight,
} from '../flights/simulatedLinkLossFlight.js';
import { openApiWorld, type Actor, type ApiWorld } from './apiWorld.js';

describe('POST /api/flights/:id/onboard-log', () => {
  let world: ApiWorld;
  let sim: SimulatedLinkLossFlight;

  beforeAll(async () => {
    world = await openApiWorld('apiOnboardLog', {}, storedFlightData);
    sim = await storeSimulatedLinkLossFlight(world.database.connection, 8);
  }, 120_000);
  afterAll(async () => {
    await world?.close();
  });

  const upload = (actor: Actor, body: Uint8Array, type = 'application/octet-stream') =>
    request(world.app)
      .post(`/api/flights/${sim.flight.flightId}/onboard-log`)
      .set('cookie', world.cookies[actor])
      .set('content-type', type)
      .send(Buffer.from(body));

  it('refuses roles that cannot evaluate, and a body that is not the log’s bytes', async () => {
    await upload('operator', sim.onboardLog).expect(403);
    await upload('makerA', sim.onboardLog).expect(403);
    const json = await upload('engineer', Buffer.from('{}'), 'application/json').expect(400);
    expect(json.body.error.message).toMatch(/application\/octet-stream/);
  });

  it('merges the switch to RTL made during the silence, and the flight’s events show it', async () => {
    const response = await upload('engineer', sim.onboardLog).expect(200);
    expect(response.body.onboardLogSha256).toMatch(/^[0-9a-f]{64}$/);
    const rtl = response.body.added.find(
      (e: { type: string; data: { modeName?: string } }) =>
        e.type === 'mode-change' && e.data.modeName === 'RTL',
    );
    expect(rtl.tUs).toBeGreaterThan(sim.fault.startUs);
    expect(rtl.tUs).toBeLessThan(sim.fault.endUs ?? 0);
    const events = await request(world.app)
      .get(`/api/flights/${sim.flight.flightId}/events`)
      .set('cookie', world.cookies.engineer)
      .expect(200);
    const merged = events.body.events.filter((e: { origin: string }) => e.origin === 'onboard-log');
    expect(merged.map((e: { tUs: number }) => e.tUs)).toContain(rtl.tUs);
  }, 60_000);
});
