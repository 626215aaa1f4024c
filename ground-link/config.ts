import { resolve } from 'node:path';
import { z } from 'zod';
import { isValidLinkId } from './linkId.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const MIB = 1024 * 1024;

/** Raised for a bad argument or environment variable; the message is one sentence. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export interface HostPort {
  host: string;
  port: number;
}

/** `HOST:PORT`, `:PORT` or `PORT` (host then defaults); IPv6 as `[::1]:PORT`. */
export function parseHostPort(text: string, what: string, defaultHost: string): HostPort {
  const match = /^(?:\[([^\]]+)\]|([^:]*)):?(\d{1,5})$/.exec(text.trim());
  const port = Number(match?.[3]);
  if (!match || !Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new ConfigError(`${what} must be HOST:PORT with a port 0–65535 (got "${text}").`);
  }
  const host = match[1] ?? (match[2] || defaultHost);
  return { host, port };
}

/** `udp:HOST:PORT`, the only forwarding transport so far (what ground stations listen on). */
export function parseForwardTarget(text: string): HostPort {
  const match = /^udp:(.+)$/.exec(text.trim());
  if (!match?.[1]) throw new ConfigError(`--forward must be udp:HOST:PORT (got "${text}").`);
  return parseHostPort(match[1], '--forward', '127.0.0.1');
}

function isHttpUrl(text: string): boolean {
  try {
    return /^https?:$/.test(new URL(text).protocol);
  } catch {
    return false;
  }
}

/**
 * Options common to every command that runs a link; the command line wins over the
 * environment (SORTIE_LINK_*), which wins over the defaults.
 */
const linkSettingsSchema = z.object({
  logLevel: z.enum(LOG_LEVELS).default('info'),
  server: z
    .string()
    .refine(
      (text) => text.split(',').every((url) => isHttpUrl(url.trim())),
      'must be an http:// or https:// URL, or several separated by commas',
    )
    .transform((text) =>
      text
        .split(',')
        .map((url) => url.trim())
        .join(','),
    )
    .optional(),
  key: z.string().min(8, 'must be an API key of at least 8 characters').optional(),
  linkId: z
    .string()
    .refine(isValidLinkId, 'must be 1–64 letters, digits, dots, dashes or underscores')
    .optional(),
  spool: z.string().min(1).default('./data/link-spool'),
  spoolCapMb: z.coerce.number().positive('must be a positive number of MiB').default(1024),
  record: z.string().min(1).optional(),
  rotateMb: z.coerce.number().positive('must be a positive number of MiB').default(256),
  forward: z.array(z.string()).default([]),
  status: z.enum(['auto', 'on', 'off']).default('auto'),
});

/** Which environment variable feeds which setting. */
const ENVIRONMENT_NAMES = {
  logLevel: 'LOG_LEVEL',
  server: 'SORTIE_LINK_SERVER',
  key: 'SORTIE_LINK_KEY',
  linkId: 'SORTIE_LINK_ID',
  spool: 'SORTIE_LINK_SPOOL_DIR',
  spoolCapMb: 'SORTIE_LINK_SPOOL_CAP_MB',
  record: 'SORTIE_LINK_RECORD_DIR',
  rotateMb: 'SORTIE_LINK_ROTATE_MB',
} as const;

/** The command-line flag of each setting, for error sentences. */
const FLAG_NAMES: Record<string, string> = {
  logLevel: '--log-level',
  server: '--server',
  key: '--key',
  linkId: '--link-id',
  spool: '--spool',
  spoolCapMb: '--spool-cap-mb',
  record: '--record',
  rotateMb: '--rotate-mb',
  forward: '--forward',
  status: '--status',
};

export interface LinkSettings {
  logLevel: (typeof LOG_LEVELS)[number];
  /** serverUrl: one server, or several instances of one Sortie comma-separated (failover). */
  uplink: { serverUrl: string; apiKey: string } | null;
  /** Null: derive one from the host name and the input. */
  linkId: string | null;
  spoolDirectory: string;
  spoolCapBytes: number;
  recordDirectory: string | null;
  rotateBytes: number;
  forwards: HostPort[];
  status: 'auto' | 'on' | 'off';
}

export type LinkArguments = Partial<Record<keyof typeof FLAG_NAMES, unknown>>;

/** Validates the link settings from the command line and the environment. */
export function loadLinkSettings(
  args: LinkArguments,
  env: NodeJS.ProcessEnv = process.env,
): LinkSettings {
  const merged: Record<string, unknown> = {};
  for (const [setting, variable] of Object.entries(ENVIRONMENT_NAMES)) {
    const value = env[variable];
    if (value !== undefined && value.trim() !== '') merged[setting] = value;
  }
  for (const [setting, value] of Object.entries(args)) {
    if (value !== undefined) merged[setting] = value;
  }
  const parsed = linkSettingsSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const setting = String(issue?.path[0] ?? 'settings');
    const fromEnv = args[setting] === undefined && setting in ENVIRONMENT_NAMES;
    const name = fromEnv
      ? ENVIRONMENT_NAMES[setting as keyof typeof ENVIRONMENT_NAMES]
      : (FLAG_NAMES[setting] ?? setting);
    const message = (issue?.message ?? 'is invalid').replace(/^Invalid input: /, '');
    throw new ConfigError(`${name} ${message} (got "${String(merged[setting])}").`);
  }
  const s = parsed.data;
  if ((s.server === undefined) !== (s.key === undefined)) {
    throw new ConfigError(
      s.server === undefined
        ? '--key needs --server URL (or SORTIE_LINK_SERVER) to send to.'
        : '--server needs --key KEY (or SORTIE_LINK_KEY): create an API key for this ground-link on the server.',
    );
  }
  return {
    logLevel: s.logLevel,
    uplink: s.server && s.key ? { serverUrl: s.server, apiKey: s.key } : null,
    linkId: s.linkId ?? null,
    spoolDirectory: resolve(s.spool),
    spoolCapBytes: Math.round(s.spoolCapMb * MIB),
    recordDirectory: s.record === undefined ? null : resolve(s.record),
    rotateBytes: Math.round(s.rotateMb * MIB),
    forwards: s.forward.map(parseForwardTarget),
    status: s.status,
  };
}

/** `--speed N|max`: a positive factor of real time, or as fast as possible. */
export function parseSpeed(text: string | number | undefined): number | 'max' {
  if (text === undefined) return 1;
  if (String(text).trim() === 'max') return 'max';
  const factor = Number(text);
  if (!Number.isFinite(factor) || factor <= 0) {
    throw new ConfigError(`--speed must be a positive number or "max" (got "${text}").`);
  }
  return factor;
}
