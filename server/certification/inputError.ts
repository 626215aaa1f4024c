/** Where and why an input is wrong, e.g. `{ path: 'zones[2].vertices[5]', message: '…' }`. */
export interface InputIssue {
  path: string;
  message: string;
}

/**
 * The one error the certification core throws on bad input (fences, test plans).
 * The API layer turns it into a 4xx with `details: issues`; nothing else escapes a parser.
 */
export class CertificationInputError extends Error {
  readonly code = 'invalid-input';
  readonly issues: InputIssue[];

  constructor(what: string, issues: InputIssue[]) {
    const first = issues[0];
    const summary = first ? `${first.path ? `${first.path}: ` : ''}${first.message}` : 'invalid';
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    super(`Invalid ${what}: ${summary}${more}`);
    this.name = 'CertificationInputError';
    this.issues = issues;
  }
}

/** Turns zod issues into ours, with paths written the way a person reads them: `zones[2].radiusM`. */
export function issuesFromZod(
  zodIssues: readonly { path: readonly PropertyKey[]; message: string }[],
): InputIssue[] {
  return zodIssues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
}

export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text ? `.${String(key)}` : String(key);
  }
  return text;
}
