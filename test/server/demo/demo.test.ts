import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connectSocket, type Socket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import {
  LIVE_NAMESPACE,
  type LiveAlert,
  type LiveClientToServerEvents,
  type LiveServerToClientEvents,
} from '../../../telemetry/contract/live.js';
import { PROJECT_ROOT } from '../../../server/config.js';

const dataDir = mkdtempSync(join(tmpdir(), 'sortie-demo-'));
const server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
  cwd: PROJECT_ROOT,
  env: {
    ...process.env,
    MONGODB_URI: '',
    PORT: '0',
    LOG_LEVEL: 'warn',
    SORTIE_DEMO: '1',
    SORTIE_DATA_DIR: dataDir,
    // The demo's own scenario at four times real time instead of twice, to keep the test short;
    // the faulty flight stays live (and its alerts in the join snapshot) for about 35 s.
    SORTIE_GROUND_LINK: 'simulate --vehicles 3 --scenario fence-breach --speed 4',
  },
  stdio: ['ignore', 'pipe', 'pipe'],
});
let output = '';
server.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
server.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
let browser: Socket<LiveServerToClientEvents, LiveClientToServerEvents> | null = null;

afterAll(() => {
  browser?.disconnect();
  server.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

async function waitFor<T>(probe: () => Promise<T | undefined> | T | undefined, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out; server said:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The banner's row for a role: its e-mail and the password printed for it. */
function login(role: string): { email: string; password: string } {
  const row = new RegExp(`^  ${role}\\s+(\\S+@demo\\.sortie)\\s+(\\S+)`, 'm').exec(output);
  if (!row) throw new Error(`no ${role} in the demo banner:\n${output}`);
  return { email: row[1]!, password: row[2]! };
}

async function signIn(url: string, role: string): Promise<string> {
  const answer = await fetch(new URL('/api/auth/login', url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(login(role)),
  });
  expect(answer.status).toBe(200);
  return answer.headers.get('set-cookie')!.split(';')[0]!;
}

interface FlightRow {
  id: string;
  sysId: number;
  status: string;
}

async function flights(url: string, cookie: string): Promise<FlightRow[]> {
  const answer = await fetch(new URL('/api/flights', url), { headers: { cookie } });
  return ((await answer.json()) as { flights: FlightRow[] }).flights;
}

describe('the demo (SORTIE_DEMO=1, npm run demo)', () => {
  it('shows the fences and a breach alert live, and evaluates the landed flights; each role sees its share', async () => {
    const url = await waitFor(() => /Sortie is running at (\S+)/.exec(output)?.[1], 60_000);
    await waitFor(() => (output.includes('Sortie demo: open') ? true : undefined), 10_000);

    const operator = await signIn(url, 'operator');
    const ranges = (await fetch(new URL('/api/ranges', url), {
      headers: { cookie: operator },
    }).then((answer) => answer.json())) as { ranges: { id: string; name: string }[] };
    const demoRange = ranges.ranges.find((range) => range.name === 'Demo range');
    expect(demoRange).toBeDefined();
    const fences = (await fetch(new URL(`/api/ranges/${demoRange!.id}/fences?format=json`, url), {
      headers: { cookie: operator },
    }).then((answer) => answer.json())) as {
      fences: { zones: { role: string }[]; ceilingM: number };
    };
    expect(fences.fences.zones.map((zone) => zone.role).sort()).toEqual(['exclusion', 'inclusion']);
    expect(fences.fences.ceilingM).toBe(100);

    const alerts: LiveAlert[] = [];
    browser = connectSocket(`${url.replace(/\/$/, '')}${LIVE_NAMESPACE}`, {
      transports: ['websocket'],
      reconnection: false,
      extraHeaders: { cookie: operator },
    });
    browser.on('alert', (alert) => alerts.push(alert));
    browser.on('snapshot', (snapshot) => alerts.push(...snapshot.alerts));
    await new Promise<void>((resolve, reject) => {
      browser!.once('connect', resolve);
      browser!.once('connect_error', reject);
    });
    expect(await browser.timeout(5000).emitWithAck('join', {})).toEqual({ ok: true });
    // The simulator's faulty vehicle drifts out of the north boundary (ground truth in
    // ground-link/simulator/scenarios.ts): a predicted breach first, then the breach.
    const kinds = () => alerts.map((alert) => alert.event.type);
    await waitFor(() => (kinds().includes('fence-breach') ? true : undefined), 60_000).catch(
      (error: unknown) => {
        throw new Error(`alerts: ${JSON.stringify(kinds())}; ${String(error)}`);
      },
    );
    expect(kinds()).toContain('fence-predicted-breach');
    expect(kinds().indexOf('fence-predicted-breach')).toBeLessThan(kinds().indexOf('fence-breach'));

    // Every vehicle has a maker and the default plan: each landed flight is evaluated.
    const engineer = await signIn(url, 'engineer');
    let lastRows: FlightRow[] = [];
    const evaluated = await waitFor(async () => {
      const rows = await flights(url, engineer);
      lastRows = rows;
      return rows.length === 3 && rows.every((row) => row.status === 'evaluated')
        ? rows
        : undefined;
    }, 90_000).catch((error: unknown) => {
      throw new Error(`flights: ${JSON.stringify(lastRows)}; ${String(error)}`);
    });
    expect(evaluated.map((row) => row.sysId).sort()).toEqual([1, 2, 3]);

    // The maker user is Hanbit Aero's, which owns system 1 only.
    const maker = await signIn(url, 'maker');
    expect((await flights(url, maker)).map((row) => row.sysId)).toEqual([1]);
  }, 200_000);
});
