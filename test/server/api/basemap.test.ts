import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TileType } from 'pmtiles';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getModels } from '../../../server/store/models/models.js';
import { encodePng } from '../../support/pngImage.js';
import { tileAt, tileBounds, writePmtiles, type PmtilesTile } from '../../support/pmtilesWriter.js';
import { openApiWorld, type Actor, type ApiWorld } from './apiWorld.js';

/** Mulberry32: a small seeded generator, so the tiles' noise is the same every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const SEED = 20261204;
const ORIGIN = { latDeg: 34.6, lonDeg: 127.2 };

/**
 * Noise PNG tiles: deflate cannot shrink noise, so four of them (~200 KB each) span several
 * 255 KiB storage chunks and a tile read crosses chunk edges.
 */
function noiseTiles(seed: number, z = 16): PmtilesTile[] {
  console.log(`basemap tiles: seed ${seed}`);
  const random = seeded(seed);
  const { x, y } = tileAt(ORIGIN.latDeg, ORIGIN.lonDeg, z);
  return [
    [x, y],
    [x + 1, y],
    [x, y + 1],
    [x + 1, y + 1],
  ].map(([tx, ty]) => ({
    z,
    x: tx!,
    y: ty!,
    data: encodePng(256, 256, () => [
      Math.floor(random() * 256),
      Math.floor(random() * 256),
      Math.floor(random() * 256),
    ]),
  }));
}

function archiveOf(tiles: PmtilesTile[], tileType = TileType.Png): Buffer {
  const first = tiles[0]!;
  // The 2 × 2 block's north-west tile and south-east tile give its bounds.
  const [west, , , north] = tileBounds(first.z, first.x, first.y);
  const [, south, east] = tileBounds(first.z, first.x + 1, first.y + 1);
  return writePmtiles({ tiles, tileType, bounds: [west, south, east, north] });
}

describe('a range’s offline basemap (PMTiles)', () => {
  let world: ApiWorld;
  const tiles = noiseTiles(SEED);
  const archive = archiveOf(tiles);
  let base = '';

  beforeAll(async () => {
    // A 1 MiB cap: the ~800 KB archive fits, 1.5 MB does not.
    world = await openApiWorld('apiBasemap', { SORTIE_BASEMAP_MAX_MB: '1' });
    base = `/api/ranges/${world.ids.rangeId}/basemap`;
  }, 120_000);
  afterAll(async () => {
    await world?.close();
  });

  const upload = (actor: Actor, body: Buffer, path = base, type = 'application/octet-stream') =>
    request(world.app)
      .put(path)
      .set('cookie', world.cookies[actor])
      .set('content-type', type)
      .send(body);
  const get = (actor: Actor, path: string) =>
    request(world.app).get(path).set('cookie', world.cookies[actor]);

  /** Documents in every collection: a refused upload must leave all of them as they were. */
  async function documentCounts(): Promise<Record<string, number>> {
    const db = world.database.connection.db!;
    const counts: Record<string, number> = {};
    for (const { name } of await db.listCollections().toArray()) {
      counts[name] = await db.collection(name).countDocuments();
    }
    return counts;
  }

  it('stores an uploaded archive and serves each tile byte for byte, with the file’s SHA-256 as ETag', async () => {
    const stored = await upload('admin', archive).expect(200);
    // Expected values from the archive as written here and node:crypto's SHA-256 of its bytes.
    const sha256 = createHash('sha256').update(archive).digest('hex');
    expect(stored.body).toMatchObject({
      format: 'pmtiles',
      sha256,
      sizeBytes: archive.length,
      contentType: 'image/png',
      minZoom: 16,
      maxZoom: 16,
    });
    expect(stored.body.bounds.westDeg).toBeLessThan(ORIGIN.lonDeg);
    expect(stored.body.bounds.eastDeg).toBeGreaterThan(ORIGIN.lonDeg);
    const metadata = await get('engineer', base).expect(200);
    expect(metadata.body).toEqual(stored.body);

    for (const tile of tiles) {
      const url = metadata.body.tileUrl
        .replace('{z}', String(tile.z))
        .replace('{x}', String(tile.x))
        .replace('{y}', String(tile.y));
      const served = await get('operator', url).buffer(true).expect(200);
      expect(served.headers['content-type']).toBe('image/png');
      expect(served.headers.etag).toBe(`"${sha256}"`);
      expect(served.headers['cache-control']).toMatch(/immutable/);
      expect(Buffer.compare(served.body as Buffer, tile.data)).toBe(0);
    }
    const first = tiles[0]!;
    await get('operator', `${base}/${first.z}/${first.x}/${first.y}`)
      .set('if-none-match', `"${sha256}"`)
      .expect(304);
  });

  it('lets a maker see the basemap and its tiles, but not change it', async () => {
    const before = await documentCounts();
    const first = tiles[0]!;
    await get('makerA', base).expect(200);
    await get('makerA', `${base}/${first.z}/${first.x}/${first.y}`).expect(200);
    const refused = await upload('makerA', archiveOf(noiseTiles(SEED + 1))).expect(403);
    expect(refused.body.error.message).toMatch(/catalog:write/);
    await request(world.app).delete(base).set('cookie', world.cookies.makerA).expect(403);
    expect(await documentCounts()).toEqual(before);
    expect((await get('makerA', base)).body.sha256).toBe(
      createHash('sha256').update(archive).digest('hex'),
    );
  });

  it('answers 404 for a tile outside the archive: another place, another zoom, off the world', async () => {
    const first = tiles[0]!;
    for (const path of [
      `${first.z}/${first.x + 5}/${first.y}`,
      `${first.z - 1}/${first.x >> 1}/${first.y >> 1}`,
      `3/8/0`,
    ]) {
      const missing = await get('engineer', `${base}/${path}`).expect(404);
      expect(missing.body.error.code).toBe('not_found');
    }
  });

  const truncated = archive.subarray(0, archive.length - 1000);
  const vector = archiveOf(
    tiles.map((tile) => ({ ...tile, data: Buffer.from('not really MVT, but typed so') })),
    TileType.Mvt,
  );
  const png = tiles[0]!.data;
  for (const [kind, body, status, message] of [
    ['a PNG image named .pmtiles', png, 415, /PNG image, not a PMTiles archive/],
    ['a truncated archive', truncated, 422, /cut short/],
    ['a vector-tile archive', vector, 422, /does not render vector tiles/],
    ['an SQLite (MBTiles) file', Buffer.from('SQLite format 3\u0000......'), 415, /MBTiles/],
    ['an empty body', Buffer.alloc(0), 422, /empty/],
    ['a body over the size limit', Buffer.alloc(1_600_000, 1), 413, /SORTIE_BASEMAP_MAX_MB/],
  ] as const) {
    it(`refuses ${kind} with ${status}, says why, and stores nothing`, async () => {
      const before = await documentCounts();
      const refused = await upload('admin', body).expect(status);
      expect(refused.body.error.message).toMatch(message);
      expect(await documentCounts()).toEqual(before);
      // The range keeps the basemap it had.
      expect((await get('admin', base).expect(200)).body.sizeBytes).toBe(archive.length);
    });
  }

  it('refuses a chunked upload as soon as it passes the size limit, storing nothing', async () => {
    const before = await documentCounts();
    const server = world.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const status = await new Promise<number>((resolve, reject) => {
        const call = httpRequest(
          {
            host: '127.0.0.1',
            port,
            method: 'PUT',
            path: base,
            headers: {
              cookie: world.cookies.admin,
              'content-type': 'application/octet-stream',
              'transfer-encoding': 'chunked',
            },
          },
          (response) => {
            response.resume();
            resolve(response.statusCode ?? 0);
          },
        );
        call.on('error', reject);
        // A valid start, so only the length can be at fault: the archive, then more of it.
        call.write(archive);
        call.write(archive);
        call.end();
      });
      expect(status).toBe(413);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
    expect(await documentCounts()).toEqual(before);
  });

  it('refuses a form or JSON body with 415 and a sentence naming the content type to use', async () => {
    const refused = await upload('admin', Buffer.from('{}'), base, 'application/json').expect(415);
    expect(refused.body.error.message).toMatch(/application\/octet-stream/);
  });

  it('replaces the basemap with a new upload, and removes it on DELETE', async () => {
    const newTiles = noiseTiles(SEED + 2);
    const replaced = await upload('admin', archiveOf(newTiles)).expect(200);
    const first = newTiles[0]!;
    const served = await get('engineer', `${base}/${first.z}/${first.x}/${first.y}`)
      .buffer(true)
      .expect(200);
    expect(Buffer.compare(served.body as Buffer, first.data)).toBe(0);
    expect(served.headers.etag).toBe(`"${replaced.body.sha256}"`);

    await request(world.app).delete(base).set('cookie', world.cookies.admin).expect(204);
    await get('engineer', base).expect(204);
    await get('engineer', `${base}/${first.z}/${first.x}/${first.y}`).expect(404);
    await request(world.app).delete(base).set('cookie', world.cookies.admin).expect(404);
  });

  describe('a georeferenced image instead of tiles', () => {
    const bounds = { west: 127.19, south: 34.59, east: 127.21, north: 34.61 };
    const query = `?west=${bounds.west}&south=${bounds.south}&east=${bounds.east}&north=${bounds.north}`;
    const image = encodePng(64, 48, (x, y) => [x * 4, y * 5, 128]);

    it('stores a PNG with the bounds given and serves it byte for byte; it has no tiles', async () => {
      const stored = await upload('admin', image, `${base}${query}`, 'image/png').expect(200);
      expect(stored.body).toMatchObject({
        format: 'image',
        contentType: 'image/png',
        sizeBytes: image.length,
        sha256: createHash('sha256').update(image).digest('hex'),
        bounds: { westDeg: 127.19, southDeg: 34.59, eastDeg: 127.21, northDeg: 34.61 },
      });
      expect(stored.body.tileUrl).toBeUndefined();
      const served = await get('makerB', stored.body.imageUrl).buffer(true).expect(200);
      expect(served.headers['content-type']).toBe('image/png');
      expect(Buffer.compare(served.body as Buffer, image)).toBe(0);
      await get('engineer', `${base}/16/0/0`).expect(404);
    });

    for (const [kind, body, path, status, message] of [
      ['a cut-off PNG', image.subarray(0, image.length - 20), query, 422, /cut short/],
      ['a PMTiles archive with bounds', archive, query, 415, /must be a PNG or JPEG/],
      ['only two of the four bounds', image, `?west=127&east=128`, 400, /all four/],
      ['west east of east', image, `?west=128&south=34&east=127&north=35`, 400, /west < east/],
    ] as const) {
      it(`refuses ${kind} with ${status}, and stores nothing`, async () => {
        const before = await documentCounts();
        const refused = await upload('admin', body, `${base}${path}`).expect(status);
        expect(JSON.stringify(refused.body.error)).toMatch(message);
        expect(await documentCounts()).toEqual(before);
        expect((await get('admin', base).expect(200)).body.format).toBe('image');
      });
    }
  });

  it('answers 404 for a range that does not exist', async () => {
    const { Range } = getModels(world.database.connection);
    const gone = await Range.create({ name: 'Gone', origin: { latDeg: 35, lonDeg: 128 } });
    await Range.deleteOne({ _id: gone._id });
    await get('admin', `/api/ranges/${gone._id.toHexString()}/basemap`).expect(404);
    await upload('admin', archive, `/api/ranges/${gone._id.toHexString()}/basemap`).expect(404);
  });
});
