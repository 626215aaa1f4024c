import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

/** A fresh folder for this test file, removed when the file's tests are done. */
export function tempDirForFile(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `sortie-${label}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
