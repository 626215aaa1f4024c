import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../../server/config.js';

/** Builds the browser app when its sources changed, exactly as `npm start` does. */
export function ensureClientBuilt(): void {
  const result = spawnSync(
    join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx'),
    [join(PROJECT_ROOT, 'scripts', 'buildClientIfStale.ts')],
    { cwd: PROJECT_ROOT, encoding: 'utf8' },
  );
  if (result.status !== 0) {
    throw new Error(`Building the client failed:\n${result.stdout}\n${result.stderr}`);
  }
}
