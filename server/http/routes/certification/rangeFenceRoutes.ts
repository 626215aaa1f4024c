import { z } from 'zod';
import { fencesToGeoJson } from '../../../certification/fences/fencesToGeoJson.js';
import { fencesToKml } from '../../../certification/fences/fencesToKml.js';
import { parseFencesGeoJson } from '../../../certification/fences/parseFencesGeoJson.js';
import { parseFencesKml } from '../../../certification/fences/parseFencesKml.js';
import { parseMavlinkFenceItems } from '../../../certification/fences/parseMavlinkFenceItems.js';
import type { RangeFences } from '../../../certification/fences/rangeFences.js';
import { validateRangeFences } from '../../../certification/fences/validateRangeFences.js';
import { CertificationInputError } from '../../../certification/inputError.js';
import { getModels } from '../../../store/models/models.js';
import { notFound, unprocessable } from '../../httpError.js';
import { idParamsSchema } from '../commonSchemas.js';
import { defineRoute } from '../defineRoute.js';
import { fenceExportQuerySchema } from './certificationSchemas.js';

/**
 * What PUT accepts. Every state-changing request is JSON (the cross-site guard insists on it), so
 * the format travels as a field: `format` names it, and a body without one is Sortie's own fence
 * model, as the range routes take it. KML travels as a string.
 */
export const fenceImportBodySchema = z.preprocess(
  (body) =>
    typeof body === 'object' && body !== null && !('format' in body)
      ? { format: 'sortie', fences: body }
      : body,
  z.discriminatedUnion('format', [
    z.strictObject({ format: z.literal('sortie'), fences: z.unknown() }),
    z.strictObject({ format: z.literal('geojson'), geojson: z.unknown() }),
    z.strictObject({ format: z.literal('kml'), kml: z.string().min(1) }),
    z.strictObject({
      format: z.literal('mavlink'),
      /** MISSION_ITEM_INT fence items: command, param1, x (lat), y (lon). */
      items: z.array(z.unknown()),
      coordinateUnits: z.enum(['degE7', 'deg']).optional(),
      /** FENCE_ALT_MAX, FENCE_ALT_MIN, FENCE_MARGIN or floorM, ceilingM, marginM. */
      settings: z.record(z.string(), z.unknown()).optional(),
    }),
  ]),
);

type FenceImport = z.output<typeof fenceImportBodySchema>;

/** Parses and validates the fences in the format named; nothing is stored yet. */
function fencesFromImport(body: FenceImport): RangeFences {
  try {
    switch (body.format) {
      case 'sortie':
        return validateRangeFences(body.fences);
      case 'geojson':
        return parseFencesGeoJson(body.geojson);
      case 'kml':
        return parseFencesKml(body.kml);
      case 'mavlink':
        return parseMavlinkFenceItems(body.items, {
          coordinateUnits: body.coordinateUnits,
          settings: body.settings,
        });
    }
  } catch (error) {
    if (error instanceof CertificationInputError) throw unprocessable(error.message, error.issues);
    throw error;
  }
}

/**
 * PUT's query: an import that yields no zone is refused unless the caller says that removing
 * every fence is meant, so a truncated or misspelt file cannot silently leave a range unfenced.
 */
export const fenceImportQuerySchema = z.strictObject({
  allowEmpty: z
    .enum(['true', 'false'])
    .optional()
    .transform((value) => value === 'true')
    .meta({ description: '`true` to accept fences without any zone (removes every zone)' }),
});

const FORMAT_NAMES = { sortie: 'Sortie', geojson: 'GeoJSON', kml: 'KML', mavlink: 'MAVLink' };

function refuseEmpty(fences: RangeFences, format: FenceImport['format']): void {
  if (fences.zones.length > 0) return;
  throw unprocessable(
    `The ${FORMAT_NAMES[format]} fences hold no zone, so this would remove every fence of the range; fix the file, or send ?allowEmpty=true to mean it.`,
    [{ path: 'zones', message: 'no fence zone found' }],
  );
}

const MEDIA_TYPES = {
  geojson: 'application/geo+json',
  kml: 'application/vnd.google-earth.kml+xml',
} as const;

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
          ? [MEDIA_TYPES.geojson, JSON.stringify(fencesToGeoJson(fences)), 'geojson']
          : [MEDIA_TYPES.kml, fencesToKml(fences, `${range.name} fences`), 'kml'];
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
      "Replace a range's fences (admin) from Sortie's model, GeoJSON, KML or MAVLink fence items (`format` field); a 422 names the zone and vertex at fault, or says no zone was found (`?allowEmpty=true` removes every zone).",
    access: { permission: 'catalog:write' },
    params: idParamsSchema,
    query: fenceImportQuerySchema,
    body: fenceImportBodySchema,
    response: z.object({ fences: z.unknown(), fencesVersion: z.number() }),
    async handle({ params, query, body, deps }) {
      const { Range } = getModels(deps.connection);
      if (!(await Range.exists({ _id: params.id }))) throw notFound(`No range ${params.id}.`);
      const fences = fencesFromImport(body);
      if (!query.allowEmpty) refuseEmpty(fences, body.format);
      const range = await Range.findByIdAndUpdate(
        params.id,
        { $set: { fences }, $inc: { fencesVersion: 1 } },
        { returnDocument: 'after' },
      ).lean();
      if (!range) throw notFound(`No range ${params.id}.`);
      return { fences, fencesVersion: range.fencesVersion ?? 0 };
    },
  }),
];
