import { en, type MessageKey } from './en';
import { ko } from './ko';

export const LOCALES = ['ko', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

const TABLES: Record<Locale, Partial<Record<MessageKey, string>>> = { ko, en };

export type MessageParams = Record<string, string | number>;

/** Looks a message up in the locale's table, falling back to English, and fills `{name}` slots. */
export function translate(locale: Locale, key: MessageKey, params: MessageParams = {}): string {
  const template = TABLES[locale][key] ?? en[key];
  return template.replace(/\{(\w+)\}/g, (slot, name: string) =>
    name in params ? String(params[name]) : slot,
  );
}

/** Korean when the browser prefers Korean before English, else English. */
export function preferredLocale(languages: readonly string[]): Locale {
  for (const language of languages) {
    const primary = language.toLowerCase().split('-')[0];
    if (primary === 'ko') return 'ko';
    if (primary === 'en') return 'en';
  }
  return 'en';
}

export function isLocale(value: unknown): value is Locale {
  return value === 'ko' || value === 'en';
}
