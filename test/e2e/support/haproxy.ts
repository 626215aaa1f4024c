import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../support/redisServer.js';

export interface RunningHaproxy {
  url: string;
  config: string;
  output(): string;
  stop(): Promise<void>;
}

/**
 * HAProxy's configuration in front of several Sortie instances: round robin, a health check
 * on /healthz that takes a dead instance out within a second, and WebSocket tunnels kept open
 * (the ground-link and the browsers use the WebSocket transport only, so no sticky sessions).
 */
export function haproxyConfig(listenPort: number, instanceUrls: readonly string[]): string {
  const servers = instanceUrls.map((url, index) => {
    const { host } = new URL(url);
    return `  server sortie${index + 1} ${host} check inter 500 fall 2 rise 2`;
  });
  return [
    'global',
    '  maxconn 1024',
    'defaults',
    '  mode http',
    '  timeout connect 2s',
    '  timeout client 60s',
    '  timeout server 60s',
    '  timeout tunnel 1h',
    'frontend sortie',
    `  bind 127.0.0.1:${listenPort}`,
    '  default_backend instances',
    'backend instances',
    '  balance roundrobin',
    '  option httpchk GET /healthz',
    ...servers,
    '',
  ].join('\n');
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** Runs Debian's haproxy (installed by .ci/run) in the foreground with a generated config. */
export async function startHaproxy(instanceUrls: readonly string[]): Promise<RunningHaproxy> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'sortie-haproxy-'));
  const config = haproxyConfig(port, instanceUrls);
  const file = join(dir, 'haproxy.cfg');
  writeFileSync(file, config);
  const child = spawn('haproxy', ['-db', '-f', file], { stdio: ['ignore', 'pipe', 'pipe'] });
  let printed = '';
  const keep = (chunk: Buffer) => (printed = (printed + chunk.toString()).slice(-10_000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const deadline = Date.now() + 10_000;
  while (!(await accepts(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`haproxy did not start:\n${printed}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    config,
    output: () => printed,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
