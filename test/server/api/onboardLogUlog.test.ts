import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnySample } from '../../../telemetry/model/sample.js';
import { ONBOARD_LOG_BUCKET } from '../../../server/flights/import/onboardLogFiles.js';
import { storedFlightData } from '../../../server/http/routes/flights/storedFlightData.js';
import { getModels } from '../../../server/store/models/models.js';
import {
  storeLandedFlight,
  type StoredFlight,
} from '../../certification/store/storedFlightFixture.js';
import { flightHeightM, flightUlog, LOG_START_BOOT_US } from '../flights/flightUlog.js';
import { openApiWorld, type ApiWorld } from './apiWorld.js';

/** UTC at the log's first message: the vehicle's GPS time. */
const LOG_START_UTC_US = Date.parse('2026-11-05T02:00:00Z') * 1000;
const UTC_AT_BOOT_US = LOG_START_UTC_US - LOG_START_BOOT_US;
/** The ground stamps frames 0.4 s after the vehicle's GPS time (link latency and clock skew). */
const GROUND_MINUS_UTC_US = 400_000;
const FLIGHT: [number, number] = [10, 60];
/** The link is silent from 30 s to 45 s into the log; the vehicle switches to RTL at 35 s. */
const SILENCE_S: [number, number] = [30, 45];
const RTL_AT_S = 35;
const SYS_ID = 7;

/**
 * Live telemetry of the flight the ULog records, as the ground heard it: 1 Hz heartbeat,
 * position and SYSTEM_TIME (the vehicle's GPS time), nothing during the silence.
 */
function liveSamples(): AnySample[] {
  const samples: AnySample[] = [];
  for (let s = 0; s <= FLIGHT[1] + 5; s++) {
    if (s > SILENCE_S[0] && s < SILENCE_S[1]) continue;
    const utcUs = LOG_START_UTC_US + s * 1e6;
    const tUs = utcUs + GROUND_MINUS_UTC_US;
    const base = { tUs, bootMs: null, sysId: SYS_ID, compId: 1 };
    const armed = s >= FLIGHT[0] && s < FLIGHT[1];
    samples.push({
      ...base,
      kind: 'heartbeat',
      values: {
        armed: armed ? 1 : 0,
        baseMode: 1,
        customMode: null,
        systemStatus: 4,
        mavType: 2,
        autopilot: 12,
      },
    } as AnySample);
    samples.push({
      ...base,
      kind: 'position',
      values: {
        latDeg: 34.6,
        lonDeg: 127.2,
        altMslM: null,
        altRelM: armed ? flightHeightM(s - FLIGHT[0], FLIGHT[1] - FLIGHT[0]) : 0,
        vnMps: 0,
        veMps: 0,
        vdMps: 0,
        headingDeg: 0,
      },
    } as AnySample);
    samples.push({ ...base, kind: 'systemTime', values: { timeUnixUs: utcUs } } as AnySample);
  }
  return samples;
}

describe('POST /api/flights/:id/onboard-log with a PX4 .ulg', () => {
  let world: ApiWorld;
  let flight: StoredFlight;

  beforeAll(async () => {
    world = await openApiWorld('apiOnboardLogUlog', {}, storedFlightData);
    flight = await storeLandedFlight(world.database.connection, liveSamples(), [], [], {
      maker: 'Ulog maker',
      vehicle: 'Ulog quad',
      range: 'Ulog range',
    });
    // The fixture's vehicle flies as system 1; this one's log says MAV_SYS_ID 7.
    await getModels(world.database.connection).Flight.updateOne(
      { _id: flight.flightId },
      { sysId: SYS_ID },
    );
  }, 120_000);
  afterAll(async () => {
    await world?.close();
  });

  const merge = (body: Uint8Array) =>
    request(world.app)
      .post(`/api/flights/${flight.flightId}/onboard-log`)
      .set('cookie', world.cookies.engineer)
      .set('content-type', 'application/octet-stream')
      .send(Buffer.from(body));
  const keptLogs = () =>
    world.database.connection.db!.collection(`${ONBOARD_LOG_BUCKET}.files`).countDocuments();

  it('refuses another flight’s log, a day later by its GPS time, storing nothing', async () => {
    const other = flightUlog({
      utcAtBootUs: UTC_AT_BOOT_US + 86_400e6,
      flights: [FLIGHT],
      rtlAtS: RTL_AT_S,
    });
    const response = await merge(other).expect(422);
    expect(response.body.error.message).toMatch(/do not overlap.*another flight's log/);
    expect(await keptLogs()).toBe(0);
  }, 60_000);

  it('refuses a PNG named .ulg', async () => {
    const png = new Uint8Array(1024);
    png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const response = await merge(png).expect(415);
    expect(response.body.error.message).toMatch(/PNG image/);
  });

  it('puts the log on the flight’s clock by GPS time and merges the RTL switch from the silence', async () => {
    const log = flightUlog({ utcAtBootUs: UTC_AT_BOOT_US, flights: [FLIGHT], rtlAtS: RTL_AT_S });
    const response = await merge(log).expect(200);
    const { clock, added, onboardLogSha256 } = response.body;
    // Both sides carry GPS time; the ground's stamps are 0.4 s later, exactly, by construction.
    expect(clock).toMatchObject({ method: 'gps-time', offsetUs: GROUND_MINUS_UTC_US, residual: 0 });
    const rtl = added.find(
      (e: { type: string; data: { modeName?: string } }) =>
        e.type === 'mode-change' && e.data.modeName?.includes('RTL'),
    );
    expect(rtl.tUs).toBe(LOG_START_UTC_US + RTL_AT_S * 1e6 + GROUND_MINUS_UTC_US);
    expect(rtl.data).toMatchObject({
      source: 'onboard-log',
      onboardLogSha256,
      clockOffsetUs: GROUND_MINUS_UTC_US,
      clockMethod: 'gps-time',
    });
    const logs = await request(world.app)
      .get(`/api/flights/${flight.flightId}/onboard-logs`)
      .set('cookie', world.cookies.engineer)
      .expect(200);
    expect(logs.body.onboardLogs).toMatchObject([
      { sha256: onboardLogSha256, format: 'ulog', role: 'merged', clock: { method: 'gps-time' } },
    ]);
  }, 60_000);
});
