import { hostname } from 'node:os';

const LINK_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * A link id that stays the same each time this ground-link starts on the same input, so the
 * server can tell its batches apart from other links' and recognise resent ones:
 * `<host>-<input>`, e.g. `range-pc-udp-0.0.0.0-14550`.
 */
export function defaultLinkId(inputName: string, host: string = hostname()): string {
  const raw = `${host}-${inputName}`;
  return (
    raw
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 64) || 'link'
  );
}

export function isValidLinkId(linkId: string): boolean {
  return LINK_ID_PATTERN.test(linkId);
}
