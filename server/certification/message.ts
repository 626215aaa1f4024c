import type { MessageCode } from './messageCatalog.js';

/**
 * A sentence of a result (reason, note, metric name, span label) as a code and its parameters,
 * so every report renders it in its reader's language (messageCatalog.ts). Parameters are plain
 * JSON: they are part of the signed results.
 */
export type MessageParams = Readonly<Record<string, string | number>>;

export interface Message {
  code: string;
  params: MessageParams;
}

/** A message the catalogue knows: a code without an English and a Korean text does not compile. */
export function message(code: MessageCode, params: MessageParams = {}): Message {
  return { code, params };
}
