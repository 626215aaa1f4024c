import { pino, type Logger, type LevelWithSilent } from 'pino';
import pretty from 'pino-pretty';

/** How log lines are written: one JSON object a line, or colourised text for a person. */
export type LogFormat = 'json' | 'pretty';

/**
 * Structured logs (pino). Lines that concern a flight or vehicle carry `flightId` and
 * `sysId` through child loggers. Secrets are redacted wherever they might appear, in both
 * formats: redaction happens before a line is formatted.
 */
export function createLogger(
  level: LevelWithSilent,
  name = 'sortie',
  format: LogFormat = 'json',
): Logger {
  const options = {
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
  };
  if (format === 'json') return pino(options);
  return pino(
    options,
    // Synchronous, so a line is out before the process can exit after it; colour only where
    // the terminal shows it.
    pretty({ sync: true, ignore: 'pid,hostname', translateTime: 'SYS:HH:MM:ss.l' }),
  );
}

/**
 * The format the environment asks for: `LOG_FORMAT` when set, else text for a person on a
 * terminal and JSON for anything else (a file, a pipe, a log collector).
 */
export function logFormatFor(requested: LogFormat | 'auto', isTty: boolean): LogFormat {
  if (requested !== 'auto') return requested;
  return isTty ? 'pretty' : 'json';
}

export type { Logger };
