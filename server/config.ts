import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { IngestSettings } from './ingest/ingestSettings.js';

/** Root of the Sortie checkout (the folder holding package.json). */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Byte sizes as Express's body parsers take them: "100kb", "1mb", or a plain number of bytes. */
const byteSize = z
  .string()
  .regex(/^\d+(\.\d+)?\s*(b|kb|mb|gb)?$/i, 'must be a size such as 512kb or 2mb');

/**
 * Every environment variable the server reads, with its default. README.md lists the same
 * table; keep both in step.
 */
const environmentSchema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(8080),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\/\S+$/, 'must start with mongodb:// or mongodb+srv://')
    .optional(),
  /** Unset: ./data, or ./data/demo for the demonstration (SORTIE_DEMO). */
  SORTIE_DATA_DIR: z.string().min(1).optional(),
  /** The range's Ed25519 signing key (PEM, mode 0600); created there at first start. */
  SORTIE_SIGNING_KEY_FILE: z.string().min(1).optional(),
  SORTIE_DEMO: z
    .enum(['0', '1', 'false', 'true'], 'must be 1 or 0')
    .transform((value) => value === '1' || value === 'true')
    .default(false),
  SORTIE_DB_NAME: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,48}$/, 'must be 1–48 letters, digits, dashes or underscores')
    .default('sortie'),
  SORTIE_DB_ENGINE: z.enum(['auto', 'mongodb-memory-server', 'ferretdb']).default('auto'),
  SORTIE_DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(3_000),
  FERRETDB_BIN: z.string().min(1).optional(),
  SORTIE_FERRETDB_SYNCHRONOUS: z.enum(['full', 'normal']).default('full'),
  SORTIE_BODY_LIMIT: byteSize.default('1mb'),
  SORTIE_ADMIN_EMAIL: z.email('must be an e-mail address').optional(),
  SORTIE_ADMIN_PASSWORD: z.string().min(10, 'must be at least 10 characters').max(256).optional(),
  SORTIE_PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
    .optional(),
  SORTIE_TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  SORTIE_SESSION_TTL_H: z.coerce
    .number()
    .min(0.1)
    .max(24 * 90)
    .default(12),
  SORTIE_CORS_ORIGINS: z
    .string()
    .regex(/^https?:\/\/[^,\s]+(,\s*https?:\/\/[^,\s]+)*$/, 'must be comma-separated origins')
    .optional(),
  SORTIE_TILE_URL: z
    .string()
    .regex(/^https?:\/\/\S*\{z\}\S*$/, 'must be an http(s) tile URL template with {z}, {x} and {y}')
    .optional(),
  SORTIE_FLIGHT_ARM_GRACE_S: z.coerce.number().min(0).max(600).default(10),
  SORTIE_LINK_SILENT_TIMEOUT_S: z.coerce.number().min(1).max(3_600).default(60),
  SORTIE_LINK_LOST_AFTER_S: z.coerce.number().min(0.5).max(600).default(5),
  SORTIE_FLIGHT_SUMMARY_INTERVAL_S: z.coerce.number().min(0).max(600).default(5),
  SORTIE_LIVE_STATE_HZ: z.coerce.number().min(0.1).max(100).default(10),
  SORTIE_INGEST_FOLD_INTERVAL_S: z.coerce.number().min(0).max(60).default(1),
  SORTIE_GROUND_LINK: z
    .string()
    .regex(
      /^\s*(listen|replay|simulate)(\s|$)/,
      'must be a sortie-link command that feeds the server: listen …, replay … or simulate …',
    )
    .optional(),
  SORTIE_GROUND_LINK_RANGE: z.string().min(1).max(120).optional(),
  SORTIE_REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/\S+$/, 'must be a redis:// or rediss:// URL')
    .optional(),
  SORTIE_BASEMAP_MAX_MB: z.coerce.number().min(1).max(16_384).default(512),
  SORTIE_IMPORT_MAX_MB: z.coerce.number().int().min(1).max(65_536).default(2048),
});

export interface Config {
  host: string;
  port: number;
  logLevel: (typeof LOG_LEVELS)[number];
  /** `auto`: colourised text on a terminal, JSON otherwise. */
  logFormat: 'auto' | 'json' | 'pretty';
  database: {
    mongodbUri: string | undefined;
    dataDir: string;
    dbName: string;
    embeddedEngine: 'auto' | 'mongodb-memory-server' | 'ferretdb';
    connectTimeoutMs: number;
    ferretdbBin: string | undefined;
    /** SQLite's synchronous setting for the embedded FerretDB (see the README's database notes). */
    ferretdbSynchronous: 'full' | 'normal';
    projectRoot: string;
  };
  http: {
    bodyLimit: string;
  };
  client: {
    /** Map tile URL template for the browser; unset, the map is a metric grid (offline). */
    tileUrl: string | undefined;
  };
  /** Flights from ingest and the live hub's pacing (server/ingest/ingestSettings.ts). */
  ingest: IngestSettings;
  /** Where the range's private signing key is kept: outside the database. */
  signing: { keyFile: string };
  /** The demonstration: a demo range, makers, users and simulated flights (`npm run demo`). */
  demo: boolean;
  /** Redis that joins several server instances' live messages; unset, one process alone. */
  redisUrl: string | undefined;
  /** Uploaded range basemaps (PMTiles): the largest file accepted. */
  basemap: { maxBytes: number };
  /** Onboard logs uploaded as flights or merged into one: the largest accepted [bytes]. */
  onboardLogs: { maxBytes: number };
  /** A ground-link the server starts beside itself, or null. */
  groundLink: { args: string[]; rangeName: string | undefined } | null;
  auth: {
    /** First-start admin; both set, or a one-time setup link is printed instead. */
    adminEmail: string | undefined;
    adminPassword: string | undefined;
    /** Where browsers reach Sortie; https makes the session cookie Secure. */
    publicUrl: string | undefined;
    sessionTtlMs: number;
    /** Reverse proxies in front (TLS terminators) whose X-Forwarded-For is believed. */
    trustProxyHops: number;
    /** Origins allowed to call the API from another site; none by default. */
    corsOrigins: string[];
  };
}

/** Raised for a bad environment; the message is one sentence naming the variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Reads and validates the environment. Empty strings count as unset. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''),
  );
  const parsed = environmentSchema.safeParse(present);
  if (!parsed.success) {
    const sentences = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'environment');
      // A refused password is not echoed: the message goes to the terminal and the logs.
      const secret = /PASSWORD/.test(name);
      const given = present[name] === undefined || secret ? '' : ` (got "${present[name]}")`;
      return `${name} ${issue.message.replace(/^Invalid input: /, '')}${given}.`;
    });
    throw new ConfigError(`Invalid configuration: ${sentences.join(' ')}`);
  }
  const e = parsed.data;
  const dataDir = resolve(
    PROJECT_ROOT,
    e.SORTIE_DATA_DIR ?? (e.SORTIE_DEMO ? './data/demo' : './data'),
  );
  return {
    host: e.HOST,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    database: {
      mongodbUri: e.MONGODB_URI,
      dataDir,
      dbName: e.SORTIE_DB_NAME,
      embeddedEngine: e.SORTIE_DB_ENGINE,
      connectTimeoutMs: e.SORTIE_DB_CONNECT_TIMEOUT_MS,
      ferretdbBin: e.FERRETDB_BIN,
      ferretdbSynchronous: e.SORTIE_FERRETDB_SYNCHRONOUS,
      projectRoot: PROJECT_ROOT,
    },
    http: { bodyLimit: e.SORTIE_BODY_LIMIT },
    client: { tileUrl: e.SORTIE_TILE_URL },
    ingest: {
      armGraceS: e.SORTIE_FLIGHT_ARM_GRACE_S,
      linkSilentTimeoutS: e.SORTIE_LINK_SILENT_TIMEOUT_S,
      linkLostAfterS: e.SORTIE_LINK_LOST_AFTER_S,
      summaryIntervalS: e.SORTIE_FLIGHT_SUMMARY_INTERVAL_S,
      liveStateHz: e.SORTIE_LIVE_STATE_HZ,
      foldIntervalS: e.SORTIE_INGEST_FOLD_INTERVAL_S,
    },
    signing: {
      keyFile: resolve(
        PROJECT_ROOT,
        e.SORTIE_SIGNING_KEY_FILE ?? join(dataDir, 'signing', 'range-ed25519.pem'),
      ),
    },
    demo: e.SORTIE_DEMO,
    redisUrl: e.SORTIE_REDIS_URL,
    basemap: { maxBytes: Math.round(e.SORTIE_BASEMAP_MAX_MB * 1024 * 1024) },
    onboardLogs: { maxBytes: e.SORTIE_IMPORT_MAX_MB * 1024 * 1024 },
    groundLink: e.SORTIE_GROUND_LINK
      ? {
          args: e.SORTIE_GROUND_LINK.trim().split(/\s+/),
          rangeName: e.SORTIE_GROUND_LINK_RANGE,
        }
      : null,
    auth: {
      adminEmail: e.SORTIE_ADMIN_EMAIL?.toLowerCase(),
      adminPassword: e.SORTIE_ADMIN_PASSWORD,
      publicUrl: e.SORTIE_PUBLIC_URL?.replace(/\/+$/, ''),
      sessionTtlMs: Math.round(e.SORTIE_SESSION_TTL_H * 3_600_000),
      trustProxyHops: e.SORTIE_TRUST_PROXY_HOPS,
      corsOrigins: (e.SORTIE_CORS_ORIGINS ?? '')
        .split(',')
        .map((origin) => origin.trim().replace(/\/+$/, ''))
        .filter((origin) => origin !== ''),
    },
  };
}
