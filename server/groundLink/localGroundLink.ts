import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { EntityId } from '../store/ids.js';
import { type Connection } from 'mongoose';
import type { Logger } from 'pino';
import { rotateApiKey } from '../auth/apiKeys.js';
import { ConfigError, PROJECT_ROOT } from '../config.js';
import { getModels } from '../store/models/models.js';
import { relayLinkLogLine } from './relayLinkLogLine.js';

/** The API key of the ground-link the server starts; rotated at every start. */
export const LOCAL_GROUND_LINK_KEY_NAME = 'local ground-link';

/** How long the ground-link has to send what it holds before it is killed [ms]. */
const STOP_GRACE_MS = 10_000;

export interface LocalGroundLinkOptions {
  connection: Connection;
  logger: Logger;
  /** Where the ground-link's own lines go: a logger named `sortie-link`, in the server's format. */
  linkLogger: Logger;
  /** This server's URL, for the ground-link's uplink. */
  serverUrl: string;
  /** A `sortie-link` command line: `listen --udp 0.0.0.0:14550`, `simulate --vehicles 3` … */
  args: string[];
  /** Name of the range its flights belong to; else the only range, if there is one. */
  rangeName: string | undefined;
  /** Folder for its spool, so nothing is lost across restarts. */
  spoolDirectory: string;
}

export interface LocalGroundLink {
  process: ChildProcess;
  /** Lets it send what is spooled, then stops it. */
  stop(): Promise<void>;
}

/**
 * Starts a ground-link beside the server, so `npm start` is the whole system: a radio on this
 * machine's serial port or UDP 14550, or the simulator for a demonstration. It is the same
 * `sortie-link` process an operator would start by hand, with a key of its own.
 */
export async function startLocalGroundLink(
  options: LocalGroundLinkOptions,
): Promise<LocalGroundLink> {
  const { connection, logger, serverUrl, args } = options;
  const rangeId = await rangeIdFor(connection, options.rangeName);
  const { key } = await rotateApiKey(connection, { name: LOCAL_GROUND_LINK_KEY_NAME, rangeId });
  const log = logger.child({ groundLink: args[0] });
  const linkLog = options.linkLogger.child({ groundLink: args[0] });
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(PROJECT_ROOT, 'ground-link/cli.ts'), ...args],
    {
      cwd: PROJECT_ROOT,
      // The key goes through the environment, not the command line anyone can list.
      env: {
        ...process.env,
        SORTIE_LINK_SERVER: serverUrl,
        SORTIE_LINK_KEY: key,
        SORTIE_LINK_SPOOL_DIR: process.env.SORTIE_LINK_SPOOL_DIR ?? options.spoolDirectory,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stopping = false;
  createInterface({ input: child.stdout! }).on('line', (line) =>
    relayLinkLogLine(linkLog, line, 'debug'),
  );
  createInterface({ input: child.stderr! }).on('line', (line) =>
    relayLinkLogLine(linkLog, line, 'info'),
  );
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      // Exit code 0 unasked: a simulation or a replay that has run its course.
      if (!stopping && code === 0) log.info('the local ground-link finished');
      if (!stopping && code !== 0) {
        log.error({ code, signal }, 'the local ground-link stopped; restart Sortie to restart it');
      }
      resolve();
    });
  });
  log.info(
    { command: `sortie-link ${args.join(' ')}`, rangeId, pid: child.pid },
    'local ground-link started',
  );
  return {
    process: child,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      stopping = true;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function rangeIdFor(
  connection: Connection,
  rangeName: string | undefined,
): Promise<string | null> {
  const { Range } = getModels(connection);
  if (rangeName !== undefined) {
    const range = await Range.findOne({ name: rangeName }, { _id: 1 }).lean();
    if (!range) {
      throw new ConfigError(
        `SORTIE_GROUND_LINK_RANGE names range "${rangeName}", which does not exist; create it first or leave the variable unset.`,
      );
    }
    return (range._id as EntityId).toHexString();
  }
  const ranges = await Range.find({}, { _id: 1 }).limit(2).lean();
  return ranges.length === 1 ? (ranges[0]!._id as EntityId).toHexString() : null;
}
