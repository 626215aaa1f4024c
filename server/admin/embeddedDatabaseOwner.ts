import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Who runs on an embedded database folder: a server writes it at start, removes it at stop. */
export interface EmbeddedDatabaseOwner {
  pid: number;
  /** Where that server answers, for the REST way round. */
  url: string;
}

const OWNER_FILE = 'server.json';

/**
 * Marks the embedded database in `dataDir` as this server's. One process owns the engine's
 * files: a second process (the admin CLI) opening the same folder would start a second engine
 * whose writes the server never sees. Returns the release to call at shutdown.
 */
export function claimEmbeddedDatabase(dataDir: string, owner: EmbeddedDatabaseOwner): () => void {
  const path = join(dataDir, OWNER_FILE);
  writeFileSync(path, `${JSON.stringify(owner)}\n`);
  return () => {
    if (runningOwner(dataDir)?.pid === owner.pid) rmSync(path, { force: true });
  };
}

/** The server that owns `dataDir`'s embedded database and is still running, if any. */
export function runningOwner(dataDir: string): EmbeddedDatabaseOwner | null {
  let owner: EmbeddedDatabaseOwner;
  try {
    owner = JSON.parse(readFileSync(join(dataDir, OWNER_FILE), 'utf8')) as EmbeddedDatabaseOwner;
  } catch {
    return null;
  }
  if (!Number.isInteger(owner.pid) || typeof owner.url !== 'string') return null;
  return isAlive(owner.pid) ? owner : null;
}

function isAlive(pid: number): boolean {
  try {
    // Signal 0 checks that the process exists without touching it.
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
