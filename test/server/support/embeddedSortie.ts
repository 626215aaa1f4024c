import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { PROJECT_ROOT } from '../../../server/config.js';

export interface EmbeddedSortie {
  url: string;
  /** Connection string of the embedded FerretDB the server started (from its log). */
  databaseUri: string;
  pid: number;
  /** The pid of the server's FerretDB process now, or null while there is none. */
  databasePid(): number | null;
  output(): string;
  /** SIGKILL: a crash. SIGTERM: a clean stop. Resolves with the exit code. */
  stop(signal: 'SIGKILL' | 'SIGTERM'): Promise<number | null>;
}

/**
 * `npm start` as a user runs it: server/main.ts on its own embedded FerretDB in `dataDir`,
 * logging at info so the database's address can be read from the log.
 */
export async function startEmbeddedSortie(options: {
  dataDir: string;
  port: number;
  env?: Record<string, string>;
  timeoutMs?: number;
}): Promise<EmbeddedSortie> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      MONGODB_URI: '',
      SORTIE_DB_ENGINE: 'ferretdb',
      SORTIE_DATA_DIR: options.dataDir,
      HOST: '127.0.0.1',
      PORT: String(options.port),
      LOG_LEVEL: 'info',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  while (!/Sortie is running at/.test(output)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the Sortie server did not start:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const databaseUri = output
    .split('\n')
    .find((line) => line.includes('"msg":"database ready'))
    ?.match(/"uri":"([^"]+)"/)?.[1];
  if (!databaseUri) throw new Error(`no database address in the server's log:\n${output}`);
  const pid = child.pid!;
  return {
    url: `http://127.0.0.1:${options.port}`,
    databaseUri,
    pid,
    databasePid: () => childPidNamed(pid, /ferretdb/),
    output: () => output,
    async stop(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** The pid of a child of `parentPid` whose command name matches, read from /proc. */
export function childPidNamed(parentPid: number, name: RegExp): number | null {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [, comm = '', rest = ''] = /^\d+ \((.*)\) (.*)$/s.exec(stat.trim()) ?? [];
      const [state, parent] = rest.split(' ');
      if (Number(parent) === parentPid && state !== 'Z' && name.test(comm)) return Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  return null;
}
