import { EntityId } from '../../../server/store/ids.js';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getModels } from '../../../server/store/models/models.js';
import { popplerOutput } from '../../certification/reports/pdfText.js';
import {
  FENCES,
  syntheticEvents,
  syntheticSamples,
} from '../../certification/reports/reportFixture.js';
import { storeLandedFlight } from '../../certification/store/storedFlightFixture.js';
import { openApiWorld, rawBytesOf, type Actor, type ApiWorld } from './apiWorld.js';

function speedPlan(key: string, maxSpeedMps: number) {
  return {
    id: key,
    name: `Speed ${key}`,
    items: [
      { id: 'speed', criterion: 'max-speed', params: { maxSpeedMps, sustainS: 5 } },
      {
        id: 'height',
        criterion: 'height-ceiling',
        params: { maxAltRelM: 120, useFenceCeiling: false },
      },
    ],
  };
}

describe('test plans, evaluations and reports over REST', () => {
  let world: ApiWorld;
  /** Maker A's flight with stored telemetry, events and raw frames. */
  let flightId: string;
  let planId: string;
  let evaluationId: string;

  const as = (actor: Actor) => ({
    get: (path: string) => request(world.app).get(path).set('cookie', world.cookies[actor]),
    post: (path: string) => request(world.app).post(path).set('cookie', world.cookies[actor]),
    put: (path: string) => request(world.app).put(path).set('cookie', world.cookies[actor]),
  });

  beforeAll(async () => {
    world = await openApiWorld('apiCertification');
    const stored = await storeLandedFlight(
      world.database.connection,
      syntheticSamples(),
      syntheticEvents(),
      [Buffer.from('raw frames')],
      { maker: 'Hanbit', vehicle: 'X8', range: 'Goheung south', fences: FENCES },
    );
    flightId = stored.flightId;
    await getModels(world.database.connection).Flight.updateOne(
      { _id: new EntityId(flightId) },
      { $set: { makerId: new EntityId(world.ids.makerA), makerName: 'Aero A' } },
    );
  });
  afterAll(async () => {
    await world?.close();
  });

  describe('test plans', () => {
    it('lets an engineer create a plan at version 1, and refuses makers and operators', async () => {
      await as('makerA').post('/api/test-plans').send(speedPlan('m', 19)).expect(403);
      await as('operator').post('/api/test-plans').send(speedPlan('o', 19)).expect(403);
      const created = await as('engineer')
        .post('/api/test-plans')
        .send(speedPlan('speed', 19))
        .expect(201);
      expect(created.body).toMatchObject({ key: 'speed', version: 1, frozen: false });
      planId = created.body.planId;
      const listed = await as('makerA').get('/api/test-plans').expect(200);
      expect(listed.body.testPlans.map((p: { planId: string }) => p.planId)).toContain(planId);
    });

    it('answers a bad plan with a 422 naming the item and field, and stores nothing', async () => {
      const bad = speedPlan('bad', -1);
      const response = await as('engineer').post('/api/test-plans').send(bad).expect(422);
      expect(response.body.error.code).toBe('unprocessable');
      expect(response.body.error.details).toEqual(
        expect.arrayContaining([expect.objectContaining({ path: 'items[0].params.maxSpeedMps' })]),
      );
      const listed = await as('engineer').get('/api/test-plans').expect(200);
      expect(listed.body.testPlans.map((p: { key: string }) => p.key)).not.toContain('bad');
    });

    it('answers 404 for an unknown plan and 400 for an id that is not one', async () => {
      await as('engineer').get('/api/test-plans/0123456789abcdef01234567').expect(404);
      const response = await as('engineer').get('/api/test-plans/nope').expect(400);
      expect(response.body.error.code).toBe('invalid_input');
    });
  });

  describe('evaluations', () => {
    it('evaluates a landed flight on request and returns the signed result', async () => {
      await as('makerA').post(`/api/flights/${flightId}/evaluations`).send({ planId }).expect(403);
      const response = await as('engineer')
        .post(`/api/flights/${flightId}/evaluations`)
        .send({ planId })
        .expect(201);
      expect(response.body).toMatchObject({
        flightId,
        version: 1,
        planId,
        planVersion: 1,
        overallVerdict: 'pass',
        signatureValid: true,
      });
      expect(response.body.results.map((r: { itemId: string }) => r.itemId)).toEqual([
        'speed',
        'height',
      ]);
      expect(response.body.signatureSha256).toMatch(/^[0-9a-f]{64}$/);
      evaluationId = response.body.id;
    });

    it('makes the next plan edit a new version, since the first one was used', async () => {
      const edited = await as('engineer')
        .put(`/api/test-plans/${planId}`)
        .send(speedPlan('speed', 1))
        .expect(200);
      expect(edited.body).toMatchObject({ version: 2, latestVersion: 2 });
      const first = await as('engineer').get(`/api/test-plans/${planId}?version=1`).expect(200);
      expect(first.body).toMatchObject({ version: 1, frozen: true });
      expect(first.body.definition.items[0].params.maxSpeedMps).toBe(19);
      const second = await as('engineer')
        .post(`/api/flights/${flightId}/evaluations`)
        .send({ planId })
        .expect(201);
      expect(second.body).toMatchObject({ version: 2, planVersion: 2, overallVerdict: 'fail' });
    });

    it('shows a flight’s evaluations to its maker, and hides them from another maker', async () => {
      const own = await as('makerA').get(`/api/flights/${flightId}/evaluations`).expect(200);
      expect(own.body.evaluations.map((e: { version: number }) => e.version)).toEqual([2, 1]);
      await as('makerB').get(`/api/flights/${flightId}/evaluations`).expect(404);
      await as('makerA').get(`/api/evaluations/${evaluationId}`).expect(200);
      const hidden = await as('makerB').get(`/api/evaluations/${evaluationId}`).expect(404);
      expect(hidden.body.error.message).toContain(evaluationId);
    });

    it('refuses a body without a valid plan id', async () => {
      const response = await as('engineer')
        .post(`/api/flights/${flightId}/evaluations`)
        .send({ planId: 'x' })
        .expect(400);
      expect(response.body.error.details[0].path).toEqual(['planId']);
    });
  });

  describe('reports', () => {
    const download = (actor: Actor, file: string) =>
      as(actor)
        .get(`/api/evaluations/${evaluationId}/${file}`)
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        });

    it('serves the PDF in Korean and in English to the maker of the drone', async () => {
      const ko = await download('makerA', 'report.pdf?lang=ko').expect(200);
      expect(ko.headers['content-type']).toBe('application/pdf');
      expect(ko.headers['content-disposition']).toMatch(
        /attachment; filename="X8_.*_eval1_ko\.pdf"/,
      );
      const koText = await popplerOutput('pdftotext', ko.body as Buffer);
      expect(koText).toContain('인증 시험 성적서');
      expect(koText).toContain('Goheung south');
      const en = await download('engineer', 'report.pdf?lang=en').expect(200);
      const enText = (await popplerOutput('pdftotext', en.body as Buffer)).replace(/\s+/g, '');
      expect(enText).toContain('Certificationtestreport');
      expect(enText).toContain('PASS');
    });

    it('refuses a language it does not write', async () => {
      const response = await as('engineer')
        .get(`/api/evaluations/${evaluationId}/report.pdf?lang=fr`)
        .expect(400);
      expect(response.body.error.details[0].path).toEqual(['lang']);
    });

    it('serves the CSVs, GeoJSON and KML of the evaluation', async () => {
      const csv = await as('engineer')
        .get(`/api/evaluations/${evaluationId}/report.csv`)
        .expect(200);
      expect(csv.headers['content-type']).toContain('text/csv');
      // Under the `# …` lines naming the evaluation and its signature, the table.
      const table = (text: string) => text.split('\r\n').filter((line) => !line.startsWith('# '));
      expect(csv.text).toContain(`# Sortie evaluation: ${evaluationId}\r\n`);
      expect(table(csv.text)[0]).toContain('Altitude above home (m)');
      const verdicts = await as('engineer')
        .get(`/api/evaluations/${evaluationId}/verdicts.csv`)
        .expect(200);
      expect(verdicts.text).toMatch(
        /^# Sortie evaluation: [0-9a-f]{24}\r\n# Signed with range key/,
      );
      expect(
        table(verdicts.text)
          .slice(1, 3)
          .map((line) => {
            const [item, , , criterion, verdict] = line.split(',');
            return [item, criterion, verdict];
          }),
      ).toEqual([
        ['speed', 'max-speed', 'pass'],
        ['height', 'height-ceiling', 'pass'],
      ]);
      const geojson = await download('engineer', 'track.geojson').expect(200);
      const collection = JSON.parse((geojson.body as Buffer).toString('utf8'));
      expect(collection.type).toBe('FeatureCollection');
      expect(collection.properties.evaluationId).toBe(evaluationId);
      expect(collection.properties.signature).toMatch(/^[A-Za-z0-9_-]{86}$/);
      const kml = await download('makerA', 'track.kml').expect(200);
      expect(kml.headers['content-type']).toContain('kml');
      expect((kml.body as Buffer).toString('utf8')).toContain('<name>Track</name>');
      const tlog = await download('makerA', 'raw.tlog').expect(200);
      expect(tlog.body).toEqual(rawBytesOf(flightId));
    });

    it('keeps reports from operators and from other makers', async () => {
      await as('operator').get(`/api/evaluations/${evaluationId}/report.pdf`).expect(403);
      await as('makerB').get(`/api/evaluations/${evaluationId}/report.csv`).expect(404);
      await as('anonymous').get(`/api/evaluations/${evaluationId}/track.kml`).expect(401);
    });
  });
});
