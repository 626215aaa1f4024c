import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Logger } from 'pino';
import { DatabaseUnavailableError } from './databaseServer.js';

const READY_PATTERN = /^SORTIE_FERRETDB_READY version=(\S+) uri=(\S+)/;
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

export interface FerretDbProcessOptions {
  binaryPath: string;
  /** Folder for FerretDB's SQLite files. */
  dataDir: string;
  /** Loopback address it listens on, `127.0.0.1:<port>`. */
  listenAddr: string;
  /**
   * SQLite's synchronous setting: 'full' fsyncs every commit (an acked write survives a power
   * loss); 'normal' fsyncs the WAL only at checkpoints (survives a crash of the process, not a
   * power loss or an operating-system crash).
   */
  synchronous?: 'full' | 'normal';
}

/** One running FerretDB launcher. */
export interface FerretDbProcess {
  pid: number | undefined;
  launcherVersion: string;
  /** Settles with the exit code (null when killed by a signal) once the process is gone. */
  exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL if it has not gone within 10 s. */
  stop(): Promise<void>;
}

/**
 * Starts our FerretDB launcher (scripts/ferretdb-launcher) and waits for its ready line.
 * The launcher exits when its stdin closes, so it never outlives a crashed Node process.
 */
export async function spawnFerretDb(
  options: FerretDbProcessOptions,
  logger: Logger,
): Promise<FerretDbProcess> {
  mkdirSync(options.dataDir, { recursive: true });
  const args = [
    '--listen-addr',
    options.listenAddr,
    '--data-dir',
    options.dataDir,
    '--exit-on-stdin-close',
  ];
  // Passed only when not the default, so a launcher built before the flag existed still starts.
  if (options.synchronous === 'normal') args.push('--sqlite-synchronous', 'normal');
  const child = spawn(options.binaryPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });

  const stderrTail: string[] = [];
  createInterface({ input: child.stderr }).on('line', (line) => {
    stderrTail.push(line);
    if (stderrTail.length > 20) stderrTail.shift();
    logger.debug({ ferretdb: line }, 'ferretdb');
  });

  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );

  const launcherVersion = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new DatabaseUnavailableError(`FerretDB did not start within ${START_TIMEOUT_MS / 1000} s`),
      );
    }, START_TIMEOUT_MS);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(
        new DatabaseUnavailableError(
          `cannot run FerretDB at ${options.binaryPath}: ${error.message}`,
        ),
      );
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(
        new DatabaseUnavailableError(
          `FerretDB exited with code ${code} before it was ready: ${stderrTail.join(' | ')}`,
        ),
      );
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      const ready = READY_PATTERN.exec(line);
      if (!ready) return;
      clearTimeout(timer);
      resolve(ready[1] ?? 'unknown');
    });
  });

  let stopping: Promise<void> | null = null;
  return {
    pid: child.pid,
    launcherVersion,
    exited,
    stop() {
      stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
        await exited;
        clearTimeout(timer);
      })();
      return stopping;
    },
  };
}
