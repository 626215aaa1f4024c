import { pino, type Logger, type LevelWithSilent } from 'pino';

/**
 * Structured logs (pino) on stderr, so stdout stays free for what a command prints (inspect's
 * report). The API key never appears in a log line.
 */
export function createLogger(level: LevelWithSilent, name = 'sortie-link'): Logger {
  return pino(
    {
      name,
      level,
      redact: { paths: ['apiKey', '*.apiKey', 'key', '*.key'], censor: '[redacted]' },
    },
    pino.destination(2),
  );
}

export type { Logger };
