import { pino, type Logger, type LevelWithSilent } from 'pino';

/**
 * Structured JSON logs (pino). Lines that concern a flight or vehicle carry `flightId` and
 * `sysId` through child loggers. Secrets are redacted wherever they might appear.
 */
export function createLogger(level: LevelWithSilent, name = 'sortie'): Logger {
  return pino({
    name,
    level,
    redact: {
      paths: [
        'password',
        '*.password',
        'apiKey',
        '*.apiKey',
        'req.headers.authorization',
        'req.headers.cookie',
      ],
      censor: '[redacted]',
    },
  });
}

export type { Logger };
