import { apiFetch } from './apiFetch';

/** One channel over time: times [µs since epoch] and values in the channel's unit. */
export interface ChannelSeries {
  tUs: number[];
  values: (number | null)[];
}

export type SeriesByChannel = Record<string, ChannelSeries>;

/** GET /api/flights/:id/series (server/flights/readSeries.ts). */
interface SeriesAnswer {
  flightId: string;
  startedAtUs: number;
  series: { channel: string; tUs: number[]; values: (number | null)[]; totalPoints: number }[];
}

/**
 * Channels of a flight, each downsampled by the server to at most `maxPoints` on its own time
 * axis (so two channels of one kind need not share their times after downsampling).
 */
export async function fetchSeries(
  flightId: string,
  channels: readonly string[],
  maxPoints: number,
  signal?: AbortSignal,
): Promise<SeriesByChannel> {
  const answer = await apiFetch<SeriesAnswer>(
    `/api/flights/${encodeURIComponent(flightId)}/series`,
    { query: { channels: channels.join(','), maxPoints }, signal },
  );
  return Object.fromEntries(
    answer.series.map(({ channel, tUs, values }) => [channel, { tUs, values }]),
  );
}
