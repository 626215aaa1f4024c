import { accessSync, constants } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';

/** Where Sortie looks for the FerretDB launcher, in order. */
export function ferretDbCandidates(
  explicitPath: string | undefined,
  projectRoot: string,
): string[] {
  const fromPath = (process.env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, 'ferretdb'));
  return [
    ...(explicitPath ? [resolve(explicitPath)] : []),
    join(projectRoot, '.cache', 'bin', 'ferretdb'),
    ...fromPath,
  ];
}

/** The first executable FerretDB binary among the candidates, or null. */
export function findFerretDbBinary(
  explicitPath: string | undefined,
  projectRoot: string,
): string | null {
  for (const candidate of ferretDbCandidates(explicitPath, projectRoot)) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not there or not executable: try the next place
    }
  }
  return null;
}
