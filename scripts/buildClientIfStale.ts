import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../server/config.js';

/**
 * `npm start` runs this first: it builds the browser app only when a source is newer than the
 * last build, so a start with nothing changed costs a few milliseconds.
 */
const SOURCES = ['client/src', 'client/index.html', 'client/vite.config.ts', 'telemetry'];
const BUILT = join(PROJECT_ROOT, 'client', 'dist', 'index.html');

function newestMtimeMs(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path))
    newest = Math.max(newest, newestMtimeMs(join(path, entry)));
  return newest;
}

const builtAtMs = existsSync(BUILT) ? statSync(BUILT).mtimeMs : 0;
const sourcesAtMs = Math.max(...SOURCES.map((source) => newestMtimeMs(join(PROJECT_ROOT, source))));
if (builtAtMs >= sourcesAtMs) {
  console.log('client: up to date');
} else {
  const result = spawnSync('npm', ['run', '--silent', 'build:client'], {
    cwd: PROJECT_ROOT,
    stdio: 'inherit',
    // React's production build whoever asks: from a test (vitest sets NODE_ENV=test) Vite would
    // bundle React's development build, whose StrictMode mounts every page twice, so each
    // review asked the server for everything twice.
    env: { ...process.env, NODE_ENV: 'production' },
  });
  process.exit(result.status ?? 1);
}
