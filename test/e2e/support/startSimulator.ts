import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../../server/config.js';

export interface RunningSimulator {
  output(): string;
  /** Resolves with the exit code once the simulated flights are over. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/** Runs the ground-link's simulator (`sortie-link simulate`) streaming to the server. */
export function startSimulator(options: {
  serverUrl: string;
  key: string;
  vehicles: number;
  scenario: string;
  speed: number;
  seed?: number;
}): RunningSimulator {
  const spoolDir = mkdtempSync(join(tmpdir(), 'sortie-e2e-spool-'));
  const child = spawn(
    join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx'),
    [
      join(PROJECT_ROOT, 'ground-link', 'cli.ts'),
      'simulate',
      '--vehicles',
      String(options.vehicles),
      '--scenario',
      options.scenario,
      '--seed',
      String(options.seed ?? 7),
      '--speed',
      String(options.speed),
      '--server',
      options.serverUrl,
      '--key',
      options.key,
      '--spool',
      spoolDir,
      '--status',
      'off',
      '--log-level',
      'warn',
    ],
    { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let printed = '';
  const keep = (chunk: Buffer) => {
    printed = (printed + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return {
    output: () => printed,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(spoolDir, { recursive: true, force: true });
    },
  };
}
