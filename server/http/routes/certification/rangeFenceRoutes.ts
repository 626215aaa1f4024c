import type { Request } from 'express';
import { z } from 'zod';
import { fencesToGeoJson } from '../../../certification/fences/fencesToGeoJson.js';
import { fencesToKml } from '../../../certification/fences/fencesToKml.js';
import { parseFencesGeoJson } from '../../../certification/fences/parseFencesGeoJson.js';
import { parseFencesKml } from '../../../certification/fences/parseFencesKml.js';
import { parseMavlinkFenceItems } from '../../../certification/fences/parseMavlinkFenceItems.js';
import type { RangeFences } from '../../../certification/fences/rangeFences.js';
import { validateRangeFences } from '../../../certification/fences/validateRangeFences.js';
import { CertificationInputError } from '../../../certification/inputError.js';
import { getModels } from '../../../models/models.js';
import { HttpError, badRequest, notFound, unprocessable } from '../../httpError.js';
import { idParamsSchema, noQuerySchema } from '../commonSchemas.js';
import { defineRoute } from '../defineRoute.js';
import { fenceExportQuerySchema } from './certificationSchemas.js';
import { readRequestText } from './readRequestText.js';

/** Fence files are small; a few MB holds thousands of vertices. */
const FENCE_UPLOAD_LIMIT_BYTES = 5 * 1024 * 1024;

/** The media types PUT accepts, each naming the format of the body. */
export const FENCE_MEDIA_TYPES = {
  sortie: 'application/json',
  geoJson: 'application/geo+json',
  kml: 'application/vnd.google-earth.kml+xml',
  mavlinkItems: 'application/vnd.sortie.mavlink-fence-items+json',
} as const;

const mavlinkBodySchema = z.strictObject({
  items: z.array(z.unknown()),
  coordinateUnits: z.enum(['degE7', 'deg']).optional(),
  settings: z.record(z.string(), z.unknown()).optional(),
});

function mediaTypeOf(req: Request): string {
  return (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** Reads and validates the body in the format its content type names; nothing is stored yet. */
async function fencesFromRequest(req: Request): Promise<RangeFences> {
  const mediaType = mediaTypeOf(req);
  try {
    switch (mediaType) {
      case FENCE_MEDIA_TYPES.sortie:
        return validateRangeFences(req.body);
      case FENCE_MEDIA_TYPES.geoJson:
        return parseFencesGeoJson(parseJson(await readRequestText(req, FENCE_UPLOAD_LIMIT_BYTES)));
      case FENCE_MEDIA_TYPES.kml:
      case 'application/xml':
      case 'text/xml':
        return parseFencesKml(await readRequestText(req, FENCE_UPLOAD_LIMIT_BYTES));
      case FENCE_MEDIA_TYPES.mavlinkItems: {
        const body = mavlinkBodySchema.parse(
          parseJson(await readRequestText(req, FENCE_UPLOAD_LIMIT_BYTES)),
        );
        return parseMavlinkFenceItems(body.items, {
          coordinateUnits: body.coordinateUnits,
          settings: body.settings,
        });
      }
      default:
        throw new HttpError(
          415,
          'unsupported_media_type',
          `Send fences as one of: ${Object.values(FENCE_MEDIA_TYPES).join(', ')} (got "${mediaType || 'none'}").`,
        );
    }
  } catch (error) {
    if (error instanceof CertificationInputError) throw unprocessable(error.message, error.issues);
    throw error;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest('The request body is not valid JSON.');
  }
}

export const rangeFenceRoutes = [
  defineRoute({
    method: 'get',
    path: '/ranges/:id/fences',
    tag: 'ranges',
    summary: "A range's fences: ?format=json (Sortie's model), geojson or kml.",
    access: { permission: 'catalog:read' },
    params: idParamsSchema,
    query: fenceExportQuerySchema,
    produces: 'application/json',
    async handle({ params, query, deps, res }) {
      const range = await getModels(deps.connection).Range.findById(params.id).lean();
      if (!range) throw notFound(`No range ${params.id}.`);
      const fences = validateRangeFences(range.fences ?? { zones: [] });
      const stem = range.name.replace(/[^A-Za-z0-9_-]+/g, '_') || 'range';
      res.setHeader('x-fences-version', String(range.fencesVersion ?? 0));
      if (query.format === 'json') return { fences, fencesVersion: range.fencesVersion ?? 0 };
      const [contentType, body, extension] =
        query.format === 'geojson'
          ? [FENCE_MEDIA_TYPES.geoJson, JSON.stringify(fencesToGeoJson(fences)), 'geojson']
          : [FENCE_MEDIA_TYPES.kml, fencesToKml(fences, `${range.name} fences`), 'kml'];
      res.status(200);
      res.setHeader('content-type', contentType);
      res.setHeader('content-disposition', `attachment; filename="${stem}_fences.${extension}"`);
      res.end(body);
      return undefined;
    },
  }),
  defineRoute({
    method: 'put',
    path: '/ranges/:id/fences',
    tag: 'ranges',
    summary:
      "Replace a range's fences (admin). The content type names the format: Sortie JSON, GeoJSON, KML or MAVLink fence items; a 422 names the zone and vertex at fault.",
    access: { permission: 'catalog:write' },
    params: idParamsSchema,
    query: noQuerySchema,
    response: z.object({ fences: z.unknown(), fencesVersion: z.number() }),
    async handle({ params, req, deps }) {
      const { Range } = getModels(deps.connection);
      if (!(await Range.exists({ _id: params.id }))) throw notFound(`No range ${params.id}.`);
      const fences = await fencesFromRequest(req);
      const range = await Range.findByIdAndUpdate(
        params.id,
        { $set: { fences }, $inc: { fencesVersion: 1 } },
        { new: true },
      ).lean();
      if (!range) throw notFound(`No range ${params.id}.`);
      return { fences, fencesVersion: range.fencesVersion ?? 0 };
    },
  }),
];
