import type { AdminField } from './adminSections';

/**
 * Turns a form's strings into the API body: numbers as numbers, switches as booleans, empty
 * optional fields left out (an empty select of a reference means "none", which the API takes as
 * null).
 */
export function formBody(fields: readonly AdminField[], values: Record<string, string>) {
  const body: Record<string, unknown> = {};
  for (const field of fields) {
    const raw = (values[field.name] ?? '').trim();
    if (field.type === 'switch') {
      body[field.name] = raw === 'true';
      continue;
    }
    if (raw === '') {
      if (field.optionsFrom) body[field.name] = null;
      continue;
    }
    body[field.name] = field.type === 'number' ? Number(raw) : raw;
  }
  return body;
}
