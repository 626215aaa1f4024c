import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.js';

const dataDir = mkdtempSync(join(tmpdir(), 'sortie-main-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function startServer(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, MONGODB_URI: '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, exited, output: () => output };
}

async function waitFor<T>(probe: () => T | undefined, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('timed out');
}

function portAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

describe('npm start (server/main.ts)', () => {
  it('starts on the embedded database, answers /healthz, and stops it on SIGTERM', async () => {
    const server = startServer({ PORT: '0', SORTIE_DATA_DIR: dataDir });
    const url = await waitFor(
      () => /Sortie is running at (\S+)/.exec(server.output())?.[1],
      60_000,
    );
    const databasePort = Number(
      /"uri":"mongodb:\/\/127\.0\.0\.1:(\d+)\//.exec(server.output())?.[1],
    );

    const health = await fetch(new URL('/healthz', url)).then((r) => r.json());
    expect(health.status).toBe('ok');
    expect(health.database.engine).toMatch(/^(mongodb|ferretdb)$/);
    expect(server.output()).toContain(
      `database: ${health.database.engine} ${health.database.version}`,
    );

    // The admin CLI on the same folder would start a second engine that the server never
    // reads: it refuses with a sentence and points to the running server instead.
    const admin = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'server/admin/cli.ts', 'create-key', '--name', 'radio 2'],
      { cwd: PROJECT_ROOT, env: { ...process.env, MONGODB_URI: '', SORTIE_DATA_DIR: dataDir } },
    );
    expect(admin.status).toBe(1);
    expect(admin.stderr.toString()).toContain(
      `a Sortie server (pid ${server.child.pid}, ${url}) is running on the embedded database`,
    );
    expect(admin.stderr.toString()).toContain(`${url}api/api-keys`);

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(await portAccepts(databasePort)).toBe(false);
  });

  it('exits at once with a sentence naming an unreachable MONGODB_URI', async () => {
    const server = startServer({
      MONGODB_URI: 'mongodb://127.0.0.1:1/x',
      SORTIE_DB_CONNECT_TIMEOUT_MS: '1000',
    });

    expect(await server.exited).toBe(1);
    expect(server.output()).toContain('Cannot reach the database at mongodb://127.0.0.1:1/x');
    expect(server.output()).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('starts the ground-link SORTIE_GROUND_LINK names, whose flights reach the server, and stops it first', async () => {
    const groundLinkData = mkdtempSync(join(tmpdir(), 'sortie-main-link-'));
    const server = startServer({
      PORT: '0',
      SORTIE_DATA_DIR: groundLinkData,
      SORTIE_ADMIN_EMAIL: 'admin@range.test',
      SORTIE_ADMIN_PASSWORD: 'correct horse battery',
      SORTIE_GROUND_LINK: 'simulate --vehicles 2 --speed 4 --seed 3',
      LOG_FORMAT: 'pretty',
    });
    try {
      const url = await waitFor(
        () => /Sortie is running at (\S+)/.exec(server.output())?.[1],
        60_000,
      );
      await waitFor(
        () => (server.output().includes('Ground-link: sortie-link simulate') ? true : undefined),
        10_000,
      );
      const login = await fetch(new URL('/api/auth/login', url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'admin@range.test', password: 'correct horse battery' }),
      });
      expect(login.status).toBe(200);
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const vehiclesFlying = async () => {
        const answer = await fetch(new URL('/api/flights', url), { headers: { cookie } });
        const { flights } = (await answer.json()) as { flights: { sysId: number }[] };
        return new Set(flights.map((flight) => flight.sysId)).size;
      };
      const deadline = Date.now() + 60_000;
      while ((await vehiclesFlying()) < 2 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      expect(await vehiclesFlying()).toBe(2);
      // Its key is a key like any other, listed for the admin (and revocable).
      const keys = await fetch(new URL('/api/api-keys', url), { headers: { cookie } }).then(
        (answer) => answer.json() as Promise<{ items?: { name: string }[] } | { name: string }[]>,
      );
      expect(JSON.stringify(keys)).toContain('local ground-link');

      // LOG_FORMAT=pretty: lines for a person, the ground-link's under its own name, and no
      // JSON anywhere (in particular none nested inside the server's lines).
      expect(server.output()).toMatch(/INFO \(sortie\): .*Sortie is up/);
      expect(server.output()).toMatch(/INFO \(sortie-link\): /);
      expect(server.output()).not.toContain('{"level"');

      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
      expect(server.output()).not.toContain('the local ground-link stopped');
      expect(server.output()).not.toMatch(/sortie_[0-9a-f]{12}_/); // the key never reaches a log
    } finally {
      server.child.kill('SIGKILL');
      rmSync(groundLinkData, { recursive: true, force: true });
    }
  }, 120_000);

  it('exits with a sentence when SORTIE_GROUND_LINK_RANGE names no range', async () => {
    const emptyData = mkdtempSync(join(tmpdir(), 'sortie-main-norange-'));
    const server = startServer({
      PORT: '0',
      SORTIE_DATA_DIR: emptyData,
      SORTIE_GROUND_LINK: 'simulate --vehicles 1',
      SORTIE_GROUND_LINK_RANGE: 'No such range',
    });
    try {
      expect(await server.exited).toBe(1);
      expect(server.output()).toContain(
        'sortie: SORTIE_GROUND_LINK_RANGE names range "No such range", which does not exist',
      );
      expect(server.output()).not.toMatch(/\n\s+at /); // no stack trace
    } finally {
      rmSync(emptyData, { recursive: true, force: true });
    }
  }, 60_000);

  it('exits with a sentence naming a bad variable', async () => {
    const server = startServer({ PORT: 'eighty' });

    expect(await server.exited).toBe(1);
    expect(server.output()).toMatch(/PORT .*got "eighty"/);
  });
});
