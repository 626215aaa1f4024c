import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlan } from '../../../server/certification/evaluations/testPlanService.js';
import { ONBOARD_LOG_BUCKET } from '../../../server/flights/import/onboardLogFiles.js';
import { storedFlightData } from '../../../server/http/routes/flights/storedFlightData.js';
import { getModels } from '../../../server/store/models/models.js';
import { flightUlog, LOG_START_BOOT_US } from '../flights/flightUlog.js';
import { buildApiApp, openApiWorld, type Actor, type ApiWorld } from './apiWorld.js';

/** 2026-11-03T01:00:00Z − the log's start: the vehicle booted then (its GPS says so). */
const UTC_AT_BOOT_US = Date.parse('2026-11-03T01:00:00Z') * 1000 - LOG_START_BOOT_US;
/** Two flights, 40 s and 30 s, 20 s apart: more than the 10-s re-arm grace, so two flights. */
const TWO_FLIGHTS: [number, number][] = [
  [10, 50],
  [70, 100],
];
const PNG_HEAD = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13);

describe('POST /api/flights/import', () => {
  let world: ApiWorld;
  const twoFlights = flightUlog({ utcAtBootUs: UTC_AT_BOOT_US, flights: TWO_FLIGHTS });

  beforeAll(async () => {
    world = await openApiWorld('apiFlightImport', {}, storedFlightData);
  }, 120_000);
  afterAll(async () => {
    await world?.close();
  });

  const upload = (actor: Actor, body: Uint8Array, query: Record<string, string>, app = world.app) =>
    request(app)
      .post('/api/flights/import')
      .query(query)
      .set('cookie', world.cookies[actor])
      .set('content-type', 'application/octet-stream')
      .send(Buffer.from(body));

  /** What an import may leave behind: flights and kept logs. */
  const storedCounts = async () => ({
    flights: await getModels(world.database.connection).Flight.countDocuments(),
    logs: await world.database.connection
      .db!.collection(`${ONBOARD_LOG_BUCKET}.files`)
      .countDocuments(),
  });

  it('refuses roles without the evaluate permission, makers included', async () => {
    const before = await storedCounts();
    await upload('anonymous', twoFlights, { vehicleId: world.ids.vehicleA }).expect(401);
    await upload('operator', twoFlights, { vehicleId: world.ids.vehicleA }).expect(403);
    await upload('makerA', twoFlights, { vehicleId: world.ids.vehicleA }).expect(403);
    await upload('makerB', twoFlights, { vehicleId: world.ids.vehicleA }).expect(403);
    expect(await storedCounts()).toEqual(before);
  });

  it('stores one flight per arm-to-disarm, listed, reviewable and evaluated with the vehicle’s default plan', async () => {
    const { Vehicle } = getModels(world.database.connection);
    const plan = await createTestPlan(
      world.database.connection,
      {
        id: 'import-height',
        name: 'Height ceiling',
        items: [
          {
            id: 'height',
            criterion: 'height-ceiling',
            params: { maxAltRelM: 120, useFenceCeiling: false },
          },
        ],
      },
      null,
    );
    await Vehicle.updateOne({ _id: world.ids.vehicleA }, { defaultTestPlanId: plan.planId });
    const response = await upload('engineer', twoFlights, { vehicleId: world.ids.vehicleA }).expect(
      201,
    );
    const body = response.body;
    expect(body.onboardLogSha256).toBe(createHash('sha256').update(twoFlights).digest('hex'));
    expect(body.format).toBe('ulog');
    expect(body.clock).toBe('gps');
    expect(body.skippedBytes).toBe(0);
    expect(body.flights).toHaveLength(2);
    // Arm and disarm times are the log's (boot + GPS UTC offset), as written above.
    const logStartMs = Date.parse('2026-11-03T01:00:00Z');
    expect(body.flights.map((f: { armedAt: string }) => Date.parse(f.armedAt))).toEqual([
      logStartMs + 10_000,
      logStartMs + 70_000,
    ]);
    expect(body.flights.map((f: { durationS: number }) => f.durationS)).toEqual([40, 30]);
    expect(body.flights.every((f: { evaluation: unknown }) => f.evaluation !== null)).toBe(true);
    expect(body.flights[0].evaluation.verdict).toBe('pass');

    const [first] = body.flights as { flightId: string }[];
    const listed = await request(world.app)
      .get('/api/flights')
      .set('cookie', world.cookies.makerA)
      .expect(200);
    const ids = listed.body.flights.map((f: { id: string }) => f.id);
    for (const flight of body.flights) expect(ids).toContain(flight.flightId);
    const detail = await request(world.app)
      .get(`/api/flights/${first!.flightId}`)
      .set('cookie', world.cookies.makerA)
      .expect(200);
    expect(detail.body.source).toBe('import');
    expect(detail.body.vehicleId).toBe(world.ids.vehicleA);
    // The flight's height, read back through the series API: the profile written, 20 m at top.
    const series = await request(world.app)
      .get(`/api/flights/${first!.flightId}/series`)
      .query({ channels: 'altRelM', maxPoints: 5000 })
      .set('cookie', world.cookies.makerA)
      .expect(200);
    const [altitude] = series.body.series as { values: number[]; totalPoints: number }[];
    // Float32 in the log: 520 − 500 within a centimetre.
    expect(Math.max(...altitude!.values)).toBeCloseTo(20, 1);
    // 5 Hz from the log's start to 10 s past the disarm (the re-arm grace): 60 s of samples.
    expect(altitude!.totalPoints).toBe(301);
    const events = await request(world.app)
      .get(`/api/flights/${first!.flightId}/events`)
      .set('cookie', world.cookies.makerA)
      .expect(200);
    const arm = events.body.events.find((e: { type: string }) => e.type === 'arm');
    expect(arm.origin).toBe('onboard-log');
    expect(arm.data.onboardLogSha256).toBe(body.onboardLogSha256);

    // The original file, byte-exact, from either flight.
    const logs = await request(world.app)
      .get(`/api/flights/${first!.flightId}/onboard-logs`)
      .set('cookie', world.cookies.makerA)
      .expect(200);
    expect(logs.body.onboardLogs).toMatchObject([
      { sha256: body.onboardLogSha256, format: 'ulog', bytes: twoFlights.length, role: 'imported' },
    ]);
    const download = await request(world.app)
      .get(`/api/flights/${body.flights[1].flightId}/onboard-logs/${body.onboardLogSha256}`)
      .set('cookie', world.cookies.makerA)
      .buffer(true)
      .parse((res, done) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => done(null, Buffer.concat(parts)));
      })
      .expect(200);
    expect(Buffer.compare(download.body as Buffer, Buffer.from(twoFlights))).toBe(0);
    // Maker B sees neither the flights nor the log.
    await request(world.app)
      .get(`/api/flights/${first!.flightId}/onboard-logs/${body.onboardLogSha256}`)
      .set('cookie', world.cookies.makerB)
      .expect(404);
  }, 120_000);

  it('refuses the same log twice, naming the flights it made', async () => {
    const before = await storedCounts();
    const response = await upload('engineer', twoFlights, { vehicleId: world.ids.vehicleA }).expect(
      409,
    );
    expect(response.body.error.message).toMatch(/imported before/);
    expect(await storedCounts()).toEqual(before);
  });

  it('puts a log of an unregistered vehicle on the range’s automatic record for its system id', async () => {
    const log = flightUlog({ utcAtBootUs: UTC_AT_BOOT_US + 86_400e6, flights: [[5, 25]] });
    const response = await upload('admin', log, { rangeId: world.ids.rangeId }).expect(201);
    const vehicle = await getModels(world.database.connection)
      .Vehicle.findById(response.body.vehicleId)
      .lean();
    // px4Writer logs MAV_SYS_ID 7.
    expect(vehicle).toMatchObject({ sysId: 7, serial: `auto:${world.ids.rangeId}:7` });
    expect(vehicle?.makerId ?? null).toBeNull();
    expect(response.body.flights[0].evaluation).toBeNull();
  }, 60_000);

  it('needs a vehicle or a range, and a visible vehicle', async () => {
    const log = flightUlog({ utcAtBootUs: UTC_AT_BOOT_US + 2 * 86_400e6, flights: [[5, 25]] });
    const none = await upload('engineer', log, {}).expect(400);
    expect(none.body.error.message).toMatch(/vehicleId/);
    await upload('engineer', log, { vehicleId: '0123456789abcdef01234567' }).expect(404);
  });

  it('imports an ArduPilot DataFlash .bin the same way: the dive that starts armed, to its disarm', async () => {
    const bin = readFileSync(
      join(import.meta.dirname, '../../../fixtures/real-logs/ardusub-ac41-dive-starts-armed.bin'),
    );
    const response = await upload('engineer', bin, { vehicleId: world.ids.vehicleB }).expect(201);
    expect(response.body.format).toBe('dataflash');
    // pymavlink 2.4.50 DFReader: no GPS records; first timed record (PARM) at TimeUS 265648719,
    // ARM ArmState 0 / EV 11 (disarmed) at TimeUS 274430000 (rounded to 10 ms here).
    expect(response.body.clock).toBe('boot');
    expect(response.body.flights).toHaveLength(1);
    expect(response.body.flights[0].durationS).toBeCloseTo(274.43 - 265.649, 1);
  }, 60_000);

  describe('bad input stores nothing, with a sentence that says what is wrong', () => {
    const refused = async (body: Uint8Array, status: number, message: RegExp) => {
      const before = await storedCounts();
      const response = await upload('engineer', body, { vehicleId: world.ids.vehicleB }).expect(
        status,
      );
      expect(response.body.error.message).toMatch(message);
      expect(await storedCounts()).toEqual(before);
      return response.body.error;
    };

    it('an empty file', async () => {
      await refused(new Uint8Array(0), 400, /empty/);
    });

    it('a PNG named .ulg', async () => {
      const png = new Uint8Array(4096);
      png.set(PNG_HEAD);
      await refused(png, 415, /not an onboard log.*PNG image/);
    });

    it('a log cut off inside its definitions', async () => {
      await refused(twoFlights.subarray(0, 400), 422, /no flight data/);
    });

    it('a log of a vehicle that never armed', async () => {
      const ground = flightUlog({
        utcAtBootUs: UTC_AT_BOOT_US,
        flights: [[1000, 1000]],
        tailS: -980,
      });
      await refused(ground, 422, /never armed/);
    });

    it('a body that is not the file’s bytes', async () => {
      const response = await request(world.app)
        .post('/api/flights/import')
        .query({ vehicleId: world.ids.vehicleB })
        .set('cookie', world.cookies.engineer)
        .send({ file: 'x.ulg' })
        .expect(400);
      expect(response.body.error.message).toMatch(/application\/octet-stream/);
    });

    it('a log past SORTIE_IMPORT_MAX_MB, refused and not kept', async () => {
      const { app } = buildApiApp(world.database, { SORTIE_IMPORT_MAX_MB: '1' }, storedFlightData);
      const big = new Uint8Array(1024 * 1024 + 1);
      big.set(twoFlights.subarray(0, 16));
      const before = await storedCounts();
      const response = await upload('engineer', big, { vehicleId: world.ids.vehicleB }, app).expect(
        413,
      );
      expect(response.body.error.message).toMatch(/larger than the 1 MB.*SORTIE_IMPORT_MAX_MB/);
      expect(await storedCounts()).toEqual(before);
    });
  });

  describe('a partly damaged log stores its valid part and says what it skipped', () => {
    it('garbage in the middle: both flights, the skipped bytes counted', async () => {
      const log = flightUlog({ utcAtBootUs: UTC_AT_BOOT_US + 3 * 86_400e6, flights: TWO_FLIGHTS });
      const damaged = new Uint8Array(log);
      // 300 bytes of 0xAA well inside the first flight's hold (about 30 s into the log).
      const at = Math.floor(log.length * 0.3);
      damaged.fill(0xaa, at, at + 300);
      const response = await upload('engineer', damaged, { vehicleId: world.ids.vehicleB }).expect(
        201,
      );
      expect(response.body.flights).toHaveLength(2);
      expect(response.body.skippedBytes).toBeGreaterThanOrEqual(300);
      expect(response.body.problemCount).toBeGreaterThan(0);
      expect(response.body.problems[0].message).toMatch(/offset/);
    }, 60_000);

    it('a log cut off in the air: the flight up to where it ends, marked truncated', async () => {
      const log = flightUlog({ utcAtBootUs: UTC_AT_BOOT_US + 4 * 86_400e6, flights: [[5, 60]] });
      const cut = log.subarray(0, Math.floor(log.length * 0.5) + 3);
      const response = await upload('engineer', cut, { vehicleId: world.ids.vehicleB }).expect(201);
      expect(response.body.truncated).toBe(true);
      expect(response.body.flights).toHaveLength(1);
      expect(response.body.flights[0].disarmedAt).toBeNull();
      expect(response.body.flights[0].durationS).toBeGreaterThan(20);
      expect(response.body.flights[0].durationS).toBeLessThan(40);
    }, 60_000);
  });
});
