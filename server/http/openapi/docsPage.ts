import type { OpenApiDocument } from './buildOpenApiDocument.js';

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

interface Operation {
  tags?: string[];
  summary?: string;
  description?: string;
  parameters?: { name: string; in: string; required: boolean; description?: string }[];
  requestBody?: unknown;
}

/**
 * A self-contained HTML page of the API (no script, no CDN, so it works on an offline range
 * and under the strict Content-Security-Policy): every path grouped by resource, its access
 * rule and parameters, with a link to the full JSON document.
 */
export function renderDocsPage(document: OpenApiDocument): string {
  const byTag = new Map<string, string[]>();
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, raw] of Object.entries(methods)) {
      const operation = raw as Operation;
      const tag = operation.tags?.[0] ?? 'other';
      const parameters = (operation.parameters ?? [])
        .map(
          (p) =>
            `<li><code>${escapeHtml(p.name)}</code> <small>${p.in}${p.required ? ', required' : ''}</small>${p.description ? ` — ${escapeHtml(p.description)}` : ''}</li>`,
        )
        .join('');
      const body = operation.requestBody
        ? '<li><small>JSON body (see openapi.json)</small></li>'
        : '';
      const rows = byTag.get(tag) ?? [];
      rows.push(
        `<section><h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h3>` +
          `<p>${escapeHtml(operation.summary ?? '')}</p><p><small>${escapeHtml(operation.description ?? '')}</small></p>` +
          (parameters || body ? `<ul>${parameters}${body}</ul>` : '') +
          '</section>',
      );
      byTag.set(tag, rows);
    }
  }
  const sections = [...byTag.entries()]
    .map(([tag, rows]) => `<h2 id="${escapeHtml(tag)}">${escapeHtml(tag)}</h2>${rows.join('')}`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(document.info.title)}</title>
<style>
body{font:15px/1.45 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h2{border-bottom:1px solid #ccc;margin-top:2rem;text-transform:capitalize}
section{margin:1rem 0;padding:.5rem 1rem;border-left:3px solid #ddd}
h3{font-size:1rem;margin:.2rem 0}.m{display:inline-block;width:4.5rem;font-weight:700}
.get{color:#1565c0}.post{color:#2e7d32}.patch{color:#ef6c00}.put{color:#ef6c00}.delete{color:#c62828}
code{font-family:ui-monospace,monospace}
</style></head><body>
<h1>${escapeHtml(document.info.title)} <small>${escapeHtml(document.info.version)}</small></h1>
<p>${escapeHtml(document.info.description)}</p>
<p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI ${document.openapi}).</p>
${sections}
</body></html>`;
}
