/**
 * List endpoints answer `{<name>: [...]}` (with a cursor when paginated); this takes the items out
 * and also accepts a bare array, so a view does not break on either.
 */
export function listItems<T>(answer: unknown, name: string): T[] {
  if (Array.isArray(answer)) return answer as T[];
  if (typeof answer === 'object' && answer !== null) {
    const record = answer as Record<string, unknown>;
    const items = record[name] ?? record.items ?? record.data;
    if (Array.isArray(items)) return items as T[];
  }
  return [];
}
