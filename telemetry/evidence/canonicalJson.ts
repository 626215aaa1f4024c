/**
 * The canonical JSON text of a value, as RFC 8785 (JSON Canonicalization Scheme) defines it for
 * the values Sortie signs: object keys sorted by their UTF-16 code units at every level, no
 * whitespace, strings and numbers as ECMAScript's JSON.stringify writes them (which is what
 * RFC 8785 prescribes). The same value always gives the same text, and so the same hash and
 * signature, whatever order its keys were built in. Dates become ISO 8601 strings; undefined
 * members are left out; non-finite numbers become null (RFC 8785 has no text for them).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value instanceof Date) return value.toISOString();
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(record)
        .filter((key) => record[key] !== undefined)
        .sort()
        .map((key) => [key, sortKeys(record[key])]),
    );
  }
  return value;
}
