import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { PROJECT_ROOT } from '../../../server/config.js';

export interface RunningServer {
  url: string;
  output: () => string;
  /** SIGKILL: a crash, acks in flight lost. SIGTERM: a clean stop. */
  stop(signal: 'SIGKILL' | 'SIGTERM'): Promise<void>;
}

/** A free TCP port on loopback, so a restarted server can come back on the same one. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const STOP_TIMEOUT_MS = 30_000;

/** What `npm start` runs: configuration, database, HTTP and the Socket.IO hubs. */
const SERVER_ENTRY = 'server/main.ts';

/** The real Sortie server as a child process on a test database. */
export async function startSortieServer(options: {
  mongodbUri: string;
  dbName: string;
  port: number;
  timeoutMs?: number;
  /** More environment for the server (SORTIE_* settings). */
  env?: Record<string, string>;
}): Promise<RunningServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVER_ENTRY], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(options.port),
      MONGODB_URI: options.mongodbUri,
      SORTIE_DB_NAME: options.dbName,
      LOG_LEVEL: 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  while (!/Sortie is running at/.test(output)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the Sortie server did not start:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url: `http://127.0.0.1:${options.port}`,
    output: () => output,
    async stop(signal) {
      if (child.exitCode === null) child.kill(signal);
      // A clean stop that hangs is a failure to report, with what the server said.
      const stopped = await Promise.race([
        exited.then(() => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), STOP_TIMEOUT_MS)),
      ]);
      if (stopped) return;
      child.kill('SIGKILL');
      await exited;
      throw new Error(`the Sortie server did not stop on ${signal} within 30 s:\n${output}`);
    },
  };
}
