import { CertificationInputError } from '../inputError.js';
import type { RangeFences } from './rangeFences.js';
import { validateRangeFences } from './validateRangeFences.js';

/** Where a zone came from in an imported file, so errors point into that file, not our model. */
export interface ZoneSource {
  /** e.g. `features[3]`, `Placemark 2 ("North pad")`, `items[7]` */
  zonePath: string;
  /** Path of vertex k in the file, e.g. `features[3].geometry.coordinates[0][5]`. */
  vertexPath: (vertexIndex: number) => string;
}

/** validateRangeFences, with error paths rewritten to the imported file's own terms. */
export function validateFencesFrom(
  what: string,
  input: unknown,
  sources: ZoneSource[],
): RangeFences {
  try {
    return validateRangeFences(input);
  } catch (error) {
    if (!(error instanceof CertificationInputError)) throw error;
    const issues = error.issues.map((issue) => {
      const match = /^zones\[(\d+)\](?:\.vertices\[(\d+)\])?(.*)$/.exec(issue.path);
      const source = match ? sources[Number(match[1])] : undefined;
      if (!match || !source) return issue;
      const path =
        match[2] !== undefined
          ? `${source.vertexPath(Number(match[2]))}${match[3] ?? ''}`
          : `${source.zonePath}${match[3] ?? ''}`;
      return { path, message: issue.message };
    });
    throw new CertificationInputError(what, issues);
  }
}
