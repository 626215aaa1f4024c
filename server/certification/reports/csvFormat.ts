/** RFC 4180: quote a field that holds a comma, a quote or a line break; double inner quotes. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * CRLF line ends, as RFC 4180 and Excel expect. A preamble goes first as `# label: value`
 * comment lines (what pandas reads with `comment='#'`, and spreadsheets show as text rows).
 */
export function csvDocument(
  header: readonly string[],
  rows: readonly (string | number | null)[][],
  preamble: readonly [string, string][] = [],
): string {
  const comments = preamble.map(([label, value]) => `# ${label}: ${value}`);
  const table = [header, ...rows].map((row) => row.map(csvField).join(','));
  return [...comments, ...table].join('\r\n') + '\r\n';
}
