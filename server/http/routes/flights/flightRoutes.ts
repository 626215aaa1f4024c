import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { flightAccessFor } from '../../../access/flightAccess.js';
import { recordAudit } from '../../../audit/auditLog.js';
import { getModels } from '../../../store/models/models.js';
import { notFound } from '../../httpError.js';
import { idParamsSchema } from '../commonSchemas.js';
import { defineRoute } from '../defineRoute.js';
import {
  afterCursorFilter,
  encodeCursor,
  flightListFilter,
  flightSortOrder,
} from './flightListFilter.js';
import { toFlightView } from './flightView.js';
import {
  flightListQuerySchema,
  flightListResponseSchema,
  flightViewSchema,
  seriesQuerySchema,
} from './schemas.js';
import type { VisibleFlight } from '../../../access/flightAccess.js';

/** A file name safe in a Content-Disposition header. */
function tlogFileName(flight: VisibleFlight): string {
  const vehicle = (flight.vehicleName || `sys${flight.sysId}`).replace(/[^A-Za-z0-9_-]+/g, '_');
  const started = flight.startedAt.toISOString().replace(/[:.]/g, '-');
  return `${vehicle}_${started}.tlog`;
}

export const flightRoutes = [
  defineRoute({
    method: 'get',
    path: '/flights',
    tag: 'flights',
    summary:
      'Flights the caller may see, filtered and sorted, one page at a time (pass nextCursor as cursor).',
    access: { permission: 'flights:read' },
    query: flightListQuerySchema,
    response: flightListResponseSchema,
    async handle({ query, user, deps }) {
      const access = flightAccessFor(deps.connection, user);
      const conditions = [access.visibleFlightsFilter(), flightListFilter(query)];
      if (query.cursor) conditions.push(afterCursorFilter(query.cursor, query.sort));
      const rows = await getModels(deps.connection)
        .Flight.find({ $and: conditions })
        .sort(flightSortOrder(query.sort))
        .limit(query.limit + 1)
        .lean<VisibleFlight[]>();
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      return {
        flights: page.map(toFlightView),
        nextCursor: rows.length > query.limit && last ? encodeCursor(last, query.sort) : null,
      };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/flights/:id',
    tag: 'flights',
    summary: 'One flight with its summary. Recorded in the audit log as a view.',
    access: { permission: 'flights:read' },
    params: idParamsSchema,
    response: flightViewSchema,
    async handle({ params, user, deps }) {
      const flight = await flightAccessFor(deps.connection, user).getFlight(params.id);
      await recordAudit(deps.connection, user, 'view', params.id);
      return toFlightView(flight);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/flights/:id/series',
    tag: 'flights',
    summary: 'Telemetry channels of a flight over a time span, downsampled to maxPoints.',
    access: { permission: 'flights:read' },
    params: idParamsSchema,
    query: seriesQuerySchema,
    response: z.unknown(),
    async handle({ params, query, user, deps }) {
      await flightAccessFor(deps.connection, user).getFlight(params.id);
      return deps.flightData.readSeries(deps.connection, params.id, {
        channels: query.channels,
        fromUs: query.from,
        toUs: query.to,
        maxPoints: query.maxPoints,
        downsampling: query.downsampling,
      });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/flights/:id/events',
    tag: 'flights',
    summary:
      'Events of a flight in time order: modes, arming, status texts, fences, link, failsafes.',
    access: { permission: 'flights:read' },
    params: idParamsSchema,
    response: z.unknown(),
    async handle({ params, user, deps }) {
      await flightAccessFor(deps.connection, user).getFlight(params.id);
      return deps.flightData.listEvents(deps.connection, params.id);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/flights/:id/raw.tlog',
    tag: 'flights',
    summary:
      "The flight's raw MAVLink bytes, byte-exact, as a .tlog (streamed). Recorded in the audit log as a download.",
    access: { permission: 'flights:download' },
    params: idParamsSchema,
    produces: 'application/octet-stream',
    async handle({ params, user, deps, res }) {
      const flight = await flightAccessFor(deps.connection, user).getFlight(params.id);
      const stream = await deps.flightData.openRawTlogStream(deps.connection, params.id);
      if (!stream) throw notFound(`Flight ${params.id} has no raw MAVLink recording.`);
      await recordAudit(deps.connection, user, 'download', params.id, 'raw.tlog');
      res.status(200);
      res.setHeader('content-type', 'application/octet-stream');
      res.setHeader('content-disposition', `attachment; filename="${tlogFileName(flight)}"`);
      try {
        await pipeline(stream, res);
      } catch (error) {
        // Headers are gone: the client sees a cut transfer, the log says why.
        deps.logger.warn({ err: error, flightId: params.id }, 'raw.tlog download interrupted');
      }
      return undefined;
    },
  }),
];
