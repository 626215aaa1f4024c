import { z } from 'zod';
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
const finiteOrNull = z.number().finite().nullable();

function sampleSchemaOf<K extends SampleKind>(kind: K) {
  const channels = SAMPLE_KINDS[kind] as readonly string[];
  const values = z.strictObject(
    Object.fromEntries(channels.map((channel) => [channel, finiteOrNull])) as Record<
      ChannelOf<K>,
      typeof finiteOrNull
    >,
  );
  return z.strictObject({
    kind: z.literal(kind),
    tUs: z.number().int().nonnegative(),
    bootMs: z.number().int().nonnegative().nullable(),
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
