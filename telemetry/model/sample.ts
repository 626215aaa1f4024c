import { z } from 'zod';
import { CHANNEL_BOUNDS, MAX_BOOT_MS } from './channelBounds.js';
import { groundTimeUsSchema } from './groundTimeBounds.js';
import { SAMPLE_KINDS, SAMPLE_KIND_NAMES, type ChannelOf, type SampleKind } from './sampleKinds.js';

/**
 * One normalised sample: the values of one message of one vehicle at one instant.
 *
 * Time: `tUs` is the ground receive time in µs since the Unix epoch, the master clock of
 * Sortie. `bootMs` is the vehicle's own time since boot when the message carries one; it is
 * kept beside the ground time and never used to reorder (a reboot makes it jump back).
 */
export interface Sample<K extends SampleKind = SampleKind> {
  kind: K;
  /** Ground receive time [µs since Unix epoch]. */
  tUs: number;
  /** Vehicle time since boot [ms], or null when the message has none. */
  bootMs: number | null;
  sysId: number;
  compId: number;
  /** Channel values; NaN is not allowed: a value the message leaves unknown is null. */
  values: { [C in ChannelOf<K>]: number | null };
}

export type AnySample = { [K in SampleKind]: Sample<K> }[SampleKind];

const mavId = z.number().int().min(0).max(255);
/** A channel's value: within its physical bounds (see CHANNEL_BOUNDS), or null for unknown. */
function channelValueSchema(channel: ChannelOf<SampleKind>) {
  const [min, max] = CHANNEL_BOUNDS[channel];
  return z.number().min(min).max(max).nullable();
}

function sampleSchemaOf<K extends SampleKind>(kind: K) {
  const channels = SAMPLE_KINDS[kind] as readonly ChannelOf<K>[];
  const values = z.strictObject(
    Object.fromEntries(channels.map((channel) => [channel, channelValueSchema(channel)])) as Record<
      ChannelOf<K>,
      ReturnType<typeof channelValueSchema>
    >,
  );
  return z.strictObject({
    kind: z.literal(kind),
    tUs: groundTimeUsSchema,
    bootMs: z.number().int().nonnegative().max(MAX_BOOT_MS).nullable(),
    sysId: mavId,
    compId: mavId,
    values,
  });
}

export const sampleSchema = z.discriminatedUnion(
  'kind',
  SAMPLE_KIND_NAMES.map((kind) => sampleSchemaOf(kind)) as unknown as [
    ReturnType<typeof sampleSchemaOf<SampleKind>>,
    ...ReturnType<typeof sampleSchemaOf<SampleKind>>[],
  ],
);
