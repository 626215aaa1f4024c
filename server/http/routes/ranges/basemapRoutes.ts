import type { Request, Response } from 'express';
import { z } from 'zod';
import { BasemapInputError } from '../../../basemap/inspectPmtiles.js';
import {
  PMTILES_MAGIC,
  PMTILES_VERSION,
  describeOtherFormat,
  imageTypeOf,
} from '../../../basemap/basemapFormats.js';
import {
  deleteRangeBasemap,
  findRangeBasemap,
  readBasemapImage,
  readBasemapTile,
  storeRangeBasemap,
  type BasemapUpload,
  type RangeBasemap,
} from '../../../basemap/rangeBasemaps.js';
import type { Db } from '../../../store/driver.js';
import { getModels } from '../../../store/models/models.js';
import { HttpError, notFound, unprocessable } from '../../httpError.js';
import type { ApiDependencies } from '../apiDependencies.js';
import { idParamsSchema, noQuerySchema, objectIdSchema } from '../commonSchemas.js';
import { defineRoute } from '../defineRoute.js';

/** Media types an upload may carry; what it is is told by its first bytes, not by these. */
const UPLOAD_TYPES = [
  'application/octet-stream',
  'application/vnd.pmtiles',
  'image/png',
  'image/jpeg',
];

const boundsSchema = z.object({
  westDeg: z.number(),
  southDeg: z.number(),
  eastDeg: z.number(),
  northDeg: z.number(),
});

const basemapViewSchema = z
  .object({
    /** `pmtiles`: raster tiles at `tileUrl`; `image`: one picture at `imageUrl` over `bounds`. */
    format: z.enum(['pmtiles', 'image']),
    sha256: z.string(),
    sizeBytes: z.number(),
    contentType: z.string(),
    bounds: boundsSchema,
    minZoom: z.number().optional(),
    maxZoom: z.number().optional(),
    centre: z.object({ latDeg: z.number(), lonDeg: z.number(), zoom: z.number() }).optional(),
    /** Leaflet's URL template of the tiles; `v` pins this file, so its tiles may be cached long. */
    tileUrl: z.string().optional(),
    imageUrl: z.string().optional(),
    uploadedAt: z.string(),
  })
  .meta({ id: 'RangeBasemap' });

const degrees = (min: number, max: number) => z.coerce.number().min(min).max(max).optional();

/** Bounds given: the body is a georeferenced PNG or JPEG covering them. */
const uploadQuerySchema = z
  .strictObject({
    west: degrees(-180, 180),
    south: degrees(-85.06, 85.06),
    east: degrees(-180, 180),
    north: degrees(-85.06, 85.06),
  })
  .refine(
    (q) =>
      [q.west, q.south, q.east, q.north].every((v) => v === undefined) ||
      (q.west !== undefined &&
        q.south !== undefined &&
        q.east !== undefined &&
        q.north !== undefined &&
        q.west < q.east &&
        q.south < q.north),
    'give all four of west, south, east and north [deg], west < east and south < north, or none',
  );

const tileParamsSchema = z.strictObject({
  id: objectIdSchema,
  z: z.coerce.number().int().min(0).max(26),
  x: z.coerce.number().int().min(0),
  y: z.coerce.number().int().min(0),
});

const tileQuerySchema = z.strictObject({
  v: z
    .string()
    .regex(/^[0-9a-f]{1,64}$/)
    .optional()
    .meta({ description: 'The basemap SHA-256 prefix the tile URL was made for.' }),
});

function basemapView(basemap: RangeBasemap) {
  const version = basemap.sha256.slice(0, 16);
  const path = `/api/ranges/${basemap.rangeId}/basemap`;
  const common = {
    format: basemap.format,
    sha256: basemap.sha256,
    sizeBytes: basemap.lengthBytes,
    contentType: basemap.contentType,
    bounds: basemap.bounds,
    uploadedAt: basemap.uploadedAt.toISOString(),
  };
  if (basemap.format === 'image') return { ...common, imageUrl: `${path}/image?v=${version}` };
  return {
    ...common,
    minZoom: basemap.minZoom,
    maxZoom: basemap.maxZoom,
    centre: basemap.centre,
    tileUrl: `${path}/{z}/{x}/{y}?v=${version}`,
  };
}

/** The file's SHA-256 as ETag; cached for long when the URL names this very file. */
function setCacheHeaders(res: Response, basemap: RangeBasemap, pinnedTo: string | undefined) {
  const pinned = pinnedTo !== undefined && basemap.sha256.startsWith(pinnedTo);
  res.set({
    'content-type': basemap.contentType,
    etag: `"${basemap.sha256}"`,
    // A URL pinned to this file never changes; an unpinned one is checked against the ETag.
    'cache-control': pinned ? 'private, max-age=31536000, immutable' : 'private, no-cache',
  });
}

function databaseOf(deps: ApiDependencies): Db {
  return deps.connection.db!;
}

async function assertRangeExists(deps: ApiDependencies, rangeId: string): Promise<void> {
  if (!(await getModels(deps.connection).Range.exists({ _id: rangeId }))) {
    throw notFound(`No range ${rangeId}.`);
  }
}

const tooLarge = (maxBytes: number) =>
  new HttpError(
    413,
    'payload_too_large',
    `The basemap is larger than the ${Math.round(maxBytes / 1024 / 1024)} MiB this server accepts (SORTIE_BASEMAP_MAX_MB); export fewer zoom levels or a smaller area.`,
  );

/**
 * The request body as it arrives, refused as soon as it is too long, and refused before a
 * byte is passed on unless its first bytes are of the format expected.
 */
async function* checkedUpload(
  req: Request,
  maxBytes: number,
  upload: BasemapUpload,
): AsyncGenerator<Uint8Array> {
  let start: Buffer | null = Buffer.alloc(0);
  let lengthBytes = 0;
  for await (const piece of req as AsyncIterable<Buffer>) {
    lengthBytes += piece.length;
    if (lengthBytes > maxBytes) throw tooLarge(maxBytes);
    if (start === null) {
      yield piece;
      continue;
    }
    start = Buffer.concat([start, piece]);
    if (start.length < 16) continue;
    checkStart(start, upload);
    yield start;
    start = null;
  }
  if (start !== null) {
    if (start.length === 0) {
      throw unprocessable('The upload is empty: send the basemap file as the body.');
    }
    checkStart(start, upload);
    yield start;
  }
}

function checkStart(start: Buffer, upload: BasemapUpload): void {
  if (upload.format === 'image') {
    if (imageTypeOf(start)) return;
    throw new HttpError(
      415,
      'unsupported_media_type',
      `This file is ${describeOtherFormat(start)}; with bounds given, the basemap must be a PNG or JPEG image. Leave the bounds out to upload a PMTiles archive.`,
    );
  }
  const magic = start.subarray(0, PMTILES_MAGIC.length);
  if (!magic.equals(PMTILES_MAGIC)) {
    const image = imageTypeOf(start)
      ? ' To lay a georeferenced image under the map instead, give its bounds as the query parameters west, south, east and north [deg].'
      : '';
    throw new HttpError(
      415,
      'unsupported_media_type',
      `This file is ${describeOtherFormat(start)}, not a PMTiles archive (its first bytes are not "PMTiles"). Upload a raster PMTiles v3 file; convert MBTiles with \`pmtiles convert\`.${image}`,
    );
  }
  const version = start[PMTILES_MAGIC.length];
  if (version !== PMTILES_VERSION) {
    throw new HttpError(
      415,
      'unsupported_media_type',
      `This is a PMTiles version ${version} archive; Sortie reads version ${PMTILES_VERSION}. Convert it with \`pmtiles convert\`.`,
    );
  }
}

export const basemapRoutes = [
  defineRoute({
    method: 'get',
    path: '/ranges/:id/basemap',
    tag: 'ranges',
    summary:
      "The range's offline basemap (a raster PMTiles archive): its zooms, bounds and tile URL; 204 when the range has none, and the map draws the metric grid.",
    access: { permission: 'catalog:read' },
    params: idParamsSchema,
    query: noQuerySchema,
    response: basemapViewSchema,
    async handle({ params, deps }) {
      await assertRangeExists(deps, params.id);
      const basemap = await findRangeBasemap(databaseOf(deps), params.id);
      return basemap ? basemapView(basemap) : undefined;
    },
  }),
  defineRoute({
    method: 'get',
    path: '/ranges/:id/basemap/:z/:x/:y',
    tag: 'ranges',
    summary:
      "One tile of the range's basemap, as stored (PNG, JPEG or WebP), with the file's SHA-256 as ETag; 404 where the archive has no tile or the range no basemap.",
    access: { permission: 'catalog:read' },
    params: tileParamsSchema,
    query: tileQuerySchema,
    produces: 'image/png',
    async handle({ params, query, deps, req, res }) {
      const basemap = await findRangeBasemap(databaseOf(deps), params.id);
      if (!basemap) throw notFound(`Range ${params.id} has no basemap.`);
      if (basemap.format !== 'pmtiles') {
        throw notFound(`Range ${params.id}'s basemap is one image, not tiles: see its imageUrl.`);
      }
      const { z: zoom, x, y } = params;
      const outside = x >= 2 ** zoom || y >= 2 ** zoom;
      const tile = outside ? null : await readBasemapTile(databaseOf(deps), basemap, zoom, x, y);
      if (!tile) throw notFound(`The basemap has no tile ${zoom}/${x}/${y}.`);
      setCacheHeaders(res, basemap, query.v);
      if (req.headers['if-none-match'] === `"${basemap.sha256}"`) res.status(304).end();
      else res.status(200).end(tile);
      return undefined;
    },
  }),
  defineRoute({
    method: 'get',
    path: '/ranges/:id/basemap/image',
    tag: 'ranges',
    summary:
      "The range's basemap when it is one georeferenced image (PNG or JPEG), with the file's SHA-256 as ETag; 404 for a tiled basemap or none.",
    access: { permission: 'catalog:read' },
    params: idParamsSchema,
    query: tileQuerySchema,
    produces: 'image/png',
    async handle({ params, query, deps, req, res }) {
      const basemap = await findRangeBasemap(databaseOf(deps), params.id);
      if (!basemap) throw notFound(`Range ${params.id} has no basemap.`);
      if (basemap.format !== 'image') {
        throw notFound(`Range ${params.id}'s basemap is tiled, not one image: see its tileUrl.`);
      }
      setCacheHeaders(res, basemap, query.v);
      if (req.headers['if-none-match'] === `"${basemap.sha256}"`) {
        res.status(304).end();
        return undefined;
      }
      res.status(200).set('content-length', String(basemap.lengthBytes));
      for await (const piece of readBasemapImage(databaseOf(deps), basemap)) res.write(piece);
      res.end();
      return undefined;
    },
  }),
  defineRoute({
    method: 'put',
    path: '/ranges/:id/basemap',
    tag: 'ranges',
    summary:
      "Sets the range's offline basemap (admin): a raster PMTiles v3 archive (PNG, JPEG or WebP tiles) as the body, application/octet-stream, up to SORTIE_BASEMAP_MAX_MB; or, with west, south, east and north [deg] in the query, one georeferenced PNG or JPEG image covering them. Vector tiles and other files are refused and nothing is stored.",
    access: { permission: 'catalog:write' },
    params: idParamsSchema,
    query: uploadQuerySchema,
    response: basemapViewSchema,
    async handle({ params, query, user, deps, req }) {
      await assertRangeExists(deps, params.id);
      if (!req.is(UPLOAD_TYPES)) {
        throw new HttpError(
          415,
          'unsupported_media_type',
          'Send the basemap file itself as the body, with content-type application/octet-stream (not a form or JSON).',
        );
      }
      const { maxBytes } = deps.config.basemap;
      if (Number(req.headers['content-length'] ?? 0) > maxBytes) throw tooLarge(maxBytes);
      try {
        const upload: BasemapUpload =
          query.west === undefined
            ? { format: 'pmtiles' }
            : {
                format: 'image',
                bounds: {
                  westDeg: query.west,
                  southDeg: query.south!,
                  eastDeg: query.east!,
                  northDeg: query.north!,
                },
              };
        const basemap = await storeRangeBasemap(
          databaseOf(deps),
          params.id,
          upload,
          checkedUpload(req, maxBytes, upload),
          user.id,
        );
        deps.logger.info(
          {
            rangeId: params.id,
            format: basemap.format,
            sha256: basemap.sha256,
            sizeBytes: basemap.lengthBytes,
          },
          'range basemap stored',
        );
        return basemapView(basemap);
      } catch (error) {
        const refusal = error instanceof BasemapInputError ? unprocessable(error.message) : error;
        if (refusal instanceof HttpError) {
          deps.logger.warn(
            { rangeId: params.id, code: refusal.code, reason: refusal.message },
            'range basemap refused',
          );
        }
        throw refusal;
      }
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/ranges/:id/basemap',
    tag: 'ranges',
    summary: "Removes the range's basemap (admin); its maps draw the metric grid again.",
    access: { permission: 'catalog:write' },
    params: idParamsSchema,
    query: noQuerySchema,
    successStatus: 204,
    async handle({ params, deps }) {
      await assertRangeExists(deps, params.id);
      if (!(await deleteRangeBasemap(databaseOf(deps), params.id))) {
        throw notFound(`Range ${params.id} has no basemap.`);
      }
      deps.logger.info({ rangeId: params.id }, 'range basemap removed');
      return undefined;
    },
  }),
];
