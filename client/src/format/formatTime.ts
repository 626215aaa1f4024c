import type { Locale } from '../i18n/translate';

const formatterCache = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: Locale, timeZone: string, withDate: boolean): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${withDate}`;
  let cached = formatterCache.get(key);
  if (!cached) {
    cached = new Intl.DateTimeFormat(locale === 'ko' ? 'ko-KR' : 'en-GB', {
      timeZone,
      year: withDate ? 'numeric' : undefined,
      month: withDate ? '2-digit' : undefined,
      day: withDate ? '2-digit' : undefined,
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatterCache.set(key, cached);
  }
  return cached;
}

/** A wall-clock time in the range's time zone, with the date unless `timeOnly`. */
export function formatRangeTime(
  epochMs: number,
  timeZone: string,
  locale: Locale,
  timeOnly = false,
): string {
  return formatter(locale, timeZone, !timeOnly).format(new Date(epochMs));
}

/** The same instant in UTC, for the hover title: `2026-11-26 05:03:22 UTC`. */
export function formatUtc(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** `1:02:03` or `2:03` for a duration in seconds. */
export function formatDuration(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}

/** "12 s ago"-style age, short, unit-only so it reads in both languages. */
export function formatAge(nowMs: number, thenMs: number): string {
  const seconds = Math.max(0, (nowMs - thenMs) / 1000);
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  return formatDuration(seconds);
}
