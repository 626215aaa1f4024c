import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fencesToGeoJson } from '../../../server/certification/fences/fencesToGeoJson.js';
import { getModels } from '../../../server/store/models/models.js';
import { FENCES } from '../../certification/reports/reportFixture.js';
import { openApiWorld, type Actor, type ApiWorld } from './apiWorld.js';

const KML = `<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document>
  <Placemark><name>Box</name><Polygon><outerBoundaryIs><LinearRing><coordinates>
    127.30,36.60 127.31,36.60 127.31,36.61 127.30,36.61 127.30,36.60
  </coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>
</Document></kml>`;

/** An ArduPilot inclusion polygon of three vertices (command 98, param1 = vertex count, degE7). */
const MAVLINK_ITEMS = {
  items: [
    { command: 98, param1: 3, x: 366000000, y: 1273000000 },
    { command: 98, param1: 3, x: 366000000, y: 1273100000 },
    { command: 98, param1: 3, x: 366100000, y: 1273050000 },
  ],
};

describe('range fences over REST', () => {
  let world: ApiWorld;
  const as = (actor: Actor) => ({
    get: (path: string) => request(world.app).get(path).set('cookie', world.cookies[actor]),
    put: (path: string, body: object) =>
      request(world.app).put(path).set('cookie', world.cookies[actor]).send(body),
  });
  const path = () => `/api/ranges/${world.ids.rangeId}/fences`;
  const storedVersion = async () =>
    (await getModels(world.database.connection).Range.findById(world.ids.rangeId).lean())
      ?.fencesVersion ?? 0;

  beforeAll(async () => {
    world = await openApiWorld('apiFences', { SORTIE_BODY_LIMIT: '1mb' });
  });
  afterAll(async () => {
    await world?.close();
  });

  it('imports GeoJSON, bumps the fences version and exports the same zones as GeoJSON', async () => {
    const before = await storedVersion();
    const put = await as('admin')
      .put(path(), { format: 'geojson', geojson: fencesToGeoJson(FENCES) })
      .expect(200);
    expect(put.body.fencesVersion).toBe(before + 1);
    expect(put.body.fences.zones.map((z: { id: string }) => z.id)).toEqual(['field', 'tower']);
    const exported = await as('engineer').get(`${path()}?format=geojson`).expect(200);
    expect(exported.headers['content-type']).toContain('application/geo+json');
    const collection = JSON.parse(exported.text);
    expect(collection.features[0].geometry.coordinates[0][1]).toEqual([127.302, 36.599]);
  });

  it('imports KML and exports KML', async () => {
    await as('admin').put(path(), { format: 'kml', kml: KML }).expect(200);
    const json = await as('operator').get(path()).expect(200);
    expect(json.body.fences.zones).toHaveLength(1);
    expect(json.body.fences.zones[0].vertices).toHaveLength(4);
    const kml = await request(world.app)
      .get(`${path()}?format=kml`)
      .set('cookie', world.cookies.engineer)
      .buffer(true)
      .parse((res, callback) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => callback(null, text));
      })
      .expect(200);
    expect(kml.body as string).toContain('127.31,36.61');
  });

  it('imports MAVLink fence items', async () => {
    const put = await as('admin')
      .put(path(), { format: 'mavlink', ...MAVLINK_ITEMS })
      .expect(200);
    expect(put.body.fences.zones[0]).toMatchObject({ role: 'inclusion', shape: 'polygon' });
    const vertex = put.body.fences.zones[0].vertices[2];
    expect(vertex.latDeg).toBeCloseTo(36.61, 9);
    expect(vertex.lonDeg).toBeCloseTo(127.305, 9);
  });

  it('refuses a bad vertex with a 422 naming it, and keeps the fences it had', async () => {
    const before = await as('engineer').get(path()).expect(200);
    const broken = fencesToGeoJson(FENCES);
    const ring = broken.features[0]!.geometry.coordinates as number[][][];
    ring[0]![2] = [127.3, 95];
    const response = await as('admin')
      .put(path(), { format: 'geojson', geojson: broken })
      .expect(422);
    expect(response.body.error.details).toEqual([
      expect.objectContaining({ path: 'features[0].geometry.coordinates[0][2].latDeg' }),
    ]);
    const after = await as('engineer').get(path()).expect(200);
    expect(after.body).toEqual(before.body);
  });

  it('takes a body without a format as Sortie fences, and refuses an unknown format with a 400', async () => {
    const put = await as('admin')
      .put(`${path()}?allowEmpty=true`, { zones: [], ceilingM: 90 })
      .expect(200);
    expect(put.body.fences).toMatchObject({ zones: [], ceilingM: 90, marginM: 2 });
    const version = await storedVersion();
    const unknown = await as('admin').put(path(), { format: 'shapefile', data: 'x' }).expect(400);
    expect(unknown.body.error.details[0].path).toEqual(['format']);
    await as('admin').put(path(), { format: 'kml', kml: 'not kml at all' }).expect(422);
    expect(await storedVersion()).toBe(version);
  });

  it('refuses an import that finds no zone with a 422 and keeps the fences and their version', async () => {
    await as('admin').put(path(), { format: 'kml', kml: KML }).expect(200);
    const before = await as('engineer').get(path()).expect(200);
    const emptyImports = [
      { format: 'kml', kml: '<kml></kml>' },
      { format: 'kml', kml: KML.replace(/Placemark/g, 'Placemak') },
      { format: 'geojson', geojson: { type: 'FeatureCollection', features: [] } },
      { format: 'geojson', geojson: { type: 'Feature', properties: {}, geometri: null } },
      { format: 'mavlink', items: [] },
      { zones: [] },
    ];
    for (const body of emptyImports) {
      const response = await as('admin').put(path(), body).expect(422);
      expect(response.body.error.message, JSON.stringify(body)).toMatch(/no zone.*allowEmpty=true/);
    }
    const after = await as('engineer').get(path()).expect(200);
    expect(after.body).toEqual(before.body);
  });

  it('refuses a KML placemark whose geometry tag is misspelt, naming the placemark', async () => {
    const version = await storedVersion();
    const response = await as('admin')
      .put(path(), { format: 'kml', kml: KML.replace(/Polygon>/g, 'Polygn>') })
      .expect(422);
    expect(response.body.error.details[0]).toMatchObject({ path: 'Placemark 0 ("Box")' });
    expect(response.body.error.details[0].message).toMatch(/neither a <Polygon> nor a <Point>/);
    expect(await storedVersion()).toBe(version);
  });

  it('refuses KML that is not well-formed with the line and column at fault', async () => {
    const response = await as('admin')
      .put(path(), { format: 'kml', kml: KML.replace('</Polygon>', '') })
      .expect(422);
    expect(response.body.error.details[0].path).toMatch(/^line \d+, column \d+$/);
  });

  it('refuses 400 KB of unclosed Placemark tags as malformed XML', async () => {
    const kml = `<kml><Document>${'<Placemark>'.repeat(36_000)}</Document></kml>`;
    const version = await storedVersion();
    const response = await as('admin').put(path(), { format: 'kml', kml }).expect(422);
    expect(response.body.error.message).toMatch(/not well-formed XML/);
    expect(await storedVersion()).toBe(version);
  });

  it('removes every zone when asked to with ?allowEmpty=true', async () => {
    const version = await storedVersion();
    const put = await as('admin')
      .put(`${path()}?allowEmpty=true`, { format: 'kml', kml: '<kml></kml>' })
      .expect(200);
    expect(put.body.fences.zones).toEqual([]);
    expect(put.body.fencesVersion).toBe(version + 1);
  });

  it('lets only admins change fences', async () => {
    await as('engineer')
      .put(path(), { format: 'geojson', geojson: fencesToGeoJson(FENCES) })
      .expect(403);
    await as('anonymous').get(path()).expect(401);
    await as('admin').get('/api/ranges/0123456789abcdef01234567/fences').expect(404);
  });
});
