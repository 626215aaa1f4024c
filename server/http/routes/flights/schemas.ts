import { z } from 'zod';
import { FLIGHT_STATUSES } from '../../../store/models/flight.js';
import { limitSchema, objectIdSchema } from '../commonSchemas.js';

export const FLIGHT_SORTS = [
  '-startedAt',
  'startedAt',
  '-durationS',
  'durationS',
  'vehicleName',
  '-vehicleName',
] as const;
export type FlightSort = (typeof FLIGHT_SORTS)[number];

export const VERDICT_FILTERS = ['pass', 'fail', 'incomplete', 'none'] as const;

/** `a,b,c` in a query string, each item checked by `item`. */
function commaList<T extends z.ZodType<unknown, string>>(item: T, maxItems: number) {
  return z
    .string()
    .max(2_000)
    .transform((text) => text.split(',').map((part) => part.trim()))
    .pipe(z.array(item).min(1).max(maxItems));
}

export const flightListQuerySchema = z
  .strictObject({
    vehicle: objectIdSchema.optional().meta({ description: 'vehicle id' }),
    maker: objectIdSchema.optional().meta({ description: 'maker id' }),
    range: objectIdSchema.optional().meta({ description: 'range id' }),
    from: z.iso
      .datetime({ offset: true })
      .optional()
      .meta({ description: 'flights that started at or after this instant (ISO 8601)' }),
    to: z.iso
      .datetime({ offset: true })
      .optional()
      .meta({ description: 'flights that started before this instant (ISO 8601)' }),
    status: commaList(z.enum(FLIGHT_STATUSES), FLIGHT_STATUSES.length)
      .optional()
      .meta({ description: 'comma-separated: live, landed, evaluated' }),
    verdict: z
      .enum(VERDICT_FILTERS)
      .optional()
      .meta({ description: 'latest evaluation verdict; none = not evaluated' }),
    text: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .optional()
      .meta({ description: 'words in the vehicle or maker name or the link id' }),
    sort: z.enum(FLIGHT_SORTS).default('-startedAt'),
    cursor: z.string().max(400).optional().meta({ description: 'nextCursor of the previous page' }),
    limit: limitSchema,
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), {
    message: 'from must be before to',
    path: ['to'],
  });

export type FlightListQuery = z.output<typeof flightListQuerySchema>;

export const CHANNEL_PATTERN = /^[A-Za-z][A-Za-z0-9_.]{0,63}$/;

export const seriesQuerySchema = z
  .strictObject({
    channels: commaList(
      z.string().regex(CHANNEL_PATTERN, 'channel names are letters, digits, _ and .'),
      32,
    ).meta({ description: 'comma-separated channel names, e.g. altRelM,groundSpeedMps' }),
    from: z.coerce
      .number()
      .int()
      .min(0)
      .optional()
      .meta({ description: 'start [µs since the flight started]' }),
    to: z.coerce
      .number()
      .int()
      .min(0)
      .optional()
      .meta({ description: 'end [µs since the flight started]' }),
    maxPoints: z.coerce
      .number()
      .int()
      .min(2)
      .max(20_000)
      .default(2_000)
      .meta({ description: 'downsample to at most this many points per channel' }),
    downsampling: z
      .enum(['lttb', 'minmax'])
      .default('lttb')
      .meta({ description: 'lttb keeps the shape; minmax keeps every extreme' }),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from < q.to, {
    message: 'from must be before to',
    path: ['to'],
  });

export type SeriesQuery = z.output<typeof seriesQuerySchema>;

export const flightViewSchema = z
  .object({
    id: z.string(),
    vehicleId: z.string(),
    vehicleName: z.string(),
    makerId: z.string().nullable(),
    makerName: z.string(),
    rangeId: z.string().nullable(),
    testPlanId: z.string().nullable(),
    linkId: z.string(),
    sysId: z.number(),
    status: z.enum(FLIGHT_STATUSES),
    source: z.string(),
    startedAt: z.iso.datetime(),
    armedAt: z.iso.datetime().nullable(),
    disarmedAt: z.iso.datetime().nullable(),
    endedAt: z.iso.datetime().nullable(),
    endReason: z.string().nullable(),
    lastHeardAt: z.iso.datetime(),
    verdict: z.string().nullable(),
    summary: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'Flight' });

export const flightListResponseSchema = z
  .object({ flights: z.array(flightViewSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'FlightPage' });
