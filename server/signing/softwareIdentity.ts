import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../config.js';

/** What signed an evaluation: Sortie's version and the commit it was built from. */
export interface SoftwareIdentity {
  name: string;
  version: string;
  commit: string;
}

let identity: SoftwareIdentity | null = null;

/**
 * Read once: `SORTIE_COMMIT` when set (an installation without its git history), else the
 * checkout's HEAD, else "unknown".
 */
export function softwareIdentity(): SoftwareIdentity {
  identity ??= {
    name: 'sortie',
    version: (
      JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }
    ).version,
    commit: process.env.SORTIE_COMMIT ?? headCommit(),
  };
  return identity;
}

function headCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: PROJECT_ROOT, stdio: 'pipe' })
      .toString()
      .trim();
  } catch {
    return 'unknown';
  }
}
