import type { Logger } from 'pino';

/** pino's numeric levels, as the ground-link writes them. */
const LEVEL_NAMES = new Map<number, 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal'>([
  [10, 'trace'],
  [20, 'debug'],
  [30, 'info'],
  [40, 'warn'],
  [50, 'error'],
  [60, 'fatal'],
]);

/** Fields pino adds to every line; the relaying logger adds its own. */
const ENVELOPE = new Set(['level', 'time', 'pid', 'hostname', 'name', 'msg', 'v']);

/**
 * Writes one line the ground-link logged (JSON, one object a line) as a line of the server's
 * log with the ground-link's level, message and fields, so it reads like any other line
 * instead of a JSON string inside a JSON line. A line that is not pino JSON (a stack trace,
 * a library's warning) is kept as text at `fallbackLevel`.
 */
export function relayLinkLogLine(
  log: Logger,
  line: string,
  fallbackLevel: 'debug' | 'info' | 'warn',
): void {
  if (line.trim() === '') return;
  const parsed = parseObject(line);
  const level = parsed ? LEVEL_NAMES.get(Number(parsed.level)) : undefined;
  if (!parsed || !level) {
    log[fallbackLevel](line);
    return;
  }
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (!ENVELOPE.has(key)) fields[key] = value;
  }
  log[level](fields, typeof parsed.msg === 'string' ? parsed.msg : '');
}

function parseObject(line: string): Record<string, unknown> | null {
  if (!line.startsWith('{')) return null;
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}
