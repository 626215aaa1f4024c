import { apiFetch } from './apiFetch';

/** One channel over time: times [µs since epoch] and values in the channel's unit. */
export interface ChannelSeries {
  tUs: number[];
  values: (number | null)[];
}

export type SeriesByChannel = Record<string, ChannelSeries>;

/**
 * Reads the series answer. Channels of one kind share a time axis on the server; the answer may
 * carry per-channel axes or per-kind axes, and both become per-channel series here.
 */
export function toSeriesByChannel(answer: unknown, channels: readonly string[]): SeriesByChannel {
  const result: SeriesByChannel = {};
  if (typeof answer !== 'object' || answer === null) return result;
  const record = answer as Record<string, unknown>;
  const perChannel = record.channels;
  if (perChannel && typeof perChannel === 'object' && !Array.isArray(perChannel)) {
    for (const [name, value] of Object.entries(perChannel as Record<string, unknown>)) {
      const series = value as { tUs?: number[]; t?: number[]; values?: (number | null)[] };
      if (Array.isArray(value)) {
        const sharedTimes = (record.tUs ?? record.t) as number[] | undefined;
        if (sharedTimes) result[name] = { tUs: sharedTimes, values: value as (number | null)[] };
      } else if (series.values) {
        result[name] = { tUs: series.tUs ?? series.t ?? [], values: series.values };
      }
    }
  }
  const kinds = record.kinds ?? record.series;
  if (Array.isArray(kinds) || (kinds && typeof kinds === 'object')) {
    for (const kind of Object.values(kinds as Record<string, unknown>)) {
      const group = kind as {
        tUs?: number[];
        t?: number[];
        values?: Record<string, (number | null)[]>;
      };
      const times = group.tUs ?? group.t;
      if (!times) continue;
      const columns = group.values ?? (group as unknown as Record<string, (number | null)[]>);
      for (const channel of channels) {
        const column = columns[channel];
        if (Array.isArray(column)) result[channel] = { tUs: times, values: column };
      }
    }
  }
  return result;
}

export async function fetchSeries(
  flightId: string,
  channels: readonly string[],
  maxPoints: number,
  signal?: AbortSignal,
): Promise<SeriesByChannel> {
  const answer = await apiFetch<unknown>(`/api/flights/${encodeURIComponent(flightId)}/series`, {
    query: { channels: channels.join(','), maxPoints },
    signal,
  });
  return toSeriesByChannel(answer, channels);
}
