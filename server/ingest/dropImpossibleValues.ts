import { isWithinBounds, MAX_BOOT_MS } from '../../telemetry/model/channelBounds.js';
import { isPlausibleGroundTime } from '../../telemetry/model/groundTimeBounds.js';
import { SAMPLE_KINDS, type Channel, type SampleKind } from '../../telemetry/model/sampleKinds.js';

/** What was taken out of a batch before it was checked, per reason. */
export type DroppedCounts = Record<string, number>;

/**
 * Takes the impossible out of a batch as it arrived, so corrupt input loses only the corrupt
 * part: a channel value outside its physical bounds becomes null (unknown), a sample or event
 * dated outside 2000–2099 and link statistics that are not whole counters are left out, a
 * send time outside that span becomes the server's time. What is not a number at all is left
 * for the schema, which refuses the batch and says why. Changes `input` in place.
 */
export function dropImpossibleValues(input: unknown, nowUs: number): DroppedCounts {
  const dropped: DroppedCounts = {};
  const count = (reason: string): void => {
    dropped[reason] = (dropped[reason] ?? 0) + 1;
  };
  if (!isRecord(input)) return dropped;
  if (typeof input.sentAtUs === 'number' && !isPlausibleGroundTime(input.sentAtUs)) {
    input.sentAtUs = nowUs;
    count('sent-time-out-of-range');
  }
  if (Array.isArray(input.samples)) {
    input.samples = input.samples.filter((sample: unknown) => {
      if (!isRecord(sample)) return true;
      if (isNumber(sample.tUs) && !isPlausibleGroundTime(sample.tUs)) {
        count('sample-time-out-of-range');
        return false;
      }
      if (isNumber(sample.bootMs) && !(sample.bootMs >= 0 && sample.bootMs <= MAX_BOOT_MS)) {
        sample.bootMs = null;
        count('boot-time-out-of-range');
      }
      const channels = SAMPLE_KINDS[sample.kind as SampleKind] as readonly Channel[] | undefined;
      if (channels && isRecord(sample.values)) {
        for (const channel of channels) {
          const value = sample.values[channel];
          if (isNumber(value) && !isWithinBounds(channel, value)) {
            sample.values[channel] = null;
            count(`${channel}-out-of-range`);
          }
        }
      }
      return true;
    });
  }
  if (Array.isArray(input.events)) {
    input.events = input.events.filter((event: unknown) => {
      if (!isRecord(event) || !isNumber(event.tUs) || isPlausibleGroundTime(event.tUs)) {
        return true;
      }
      count('event-time-out-of-range');
      return false;
    });
  }
  if (Array.isArray(input.linkStats)) {
    input.linkStats = input.linkStats.filter((stats: unknown) => {
      if (!isRecord(stats) || !hasImpossibleCounter(stats)) return true;
      count('link-stats-out-of-range');
      return false;
    });
  }
  return dropped;
}

const LINK_COUNTERS = [
  'framesReceived',
  'framesLostBySeq',
  'framesLostEstimated',
  'badTimestamps',
] as const;

function hasImpossibleCounter(stats: Record<string, unknown>): boolean {
  return LINK_COUNTERS.some((name) => {
    const value = stats[name];
    return isNumber(value) && !(Number.isSafeInteger(value) && value >= 0);
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number';
}
