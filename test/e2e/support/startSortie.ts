import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../../server/config.js';

export interface RunningSortie {
  url: string;
  adminEmail: string;
  adminPassword: string;
  /** Everything the server printed, for a failing test's message. */
  output(): string;
  stop(): Promise<void>;
  /** SIGKILL: the server dies as a crashed machine's would, holding what it held. */
  kill(): Promise<void>;
}

const TSX = join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');

/** Waits for a line matching `pattern` on the child's stdout, or fails with what it printed. */
function waitForLine(
  child: ChildProcess,
  pattern: RegExp,
  output: () => string,
  timeoutMs: number,
): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(
      () => reject(new Error(`No "${pattern}" within ${timeoutMs} ms. Output:\n${output()}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const match = buffer.match(pattern);
      if (match) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        resolve(match);
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(
        new Error(`The process exited with ${code} before "${pattern}". Output:\n${output()}`),
      );
    });
  });
}

/**
 * Starts the real server (`server/main.ts`, as `npm start` does) on a free port and a database
 * of its own on the test run's database server, with a first admin.
 */
export async function startSortie(
  databaseServerUri: string,
  extraEnv: Record<string, string> = {},
): Promise<RunningSortie> {
  const adminEmail = 'admin@e2e.sortie.test';
  const adminPassword = `admin-${randomBytes(8).toString('hex')}`;
  const child = spawn(TSX, [join(PROJECT_ROOT, 'server', 'main.ts')], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'warn',
      MONGODB_URI: databaseServerUri,
      SORTIE_DB_NAME: `e2e_${randomBytes(4).toString('hex')}`,
      SORTIE_ADMIN_EMAIL: adminEmail,
      SORTIE_ADMIN_PASSWORD: adminPassword,
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let printed = '';
  const keep = (chunk: Buffer) => {
    printed = (printed + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const output = () => printed;
  const match = await waitForLine(
    child,
    /Sortie is running at (http:\/\/\S+?)\/?\s/,
    output,
    90_000,
  );
  const url = match[1]!.replace(/\/$/, '');
  return {
    url,
    adminEmail,
    adminPassword,
    output,
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      // tsx runs the server in a child process of its own: that is the one to kill, first.
      const serverPids = execFileSync('ps', ['-o', 'pid=', '--ppid', String(child.pid)])
        .toString()
        .split(/\s+/)
        .filter((pid) => pid !== '')
        .map(Number);
      for (const pid of serverPids) process.kill(pid, 'SIGKILL');
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
