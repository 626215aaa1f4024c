import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config';
import { en } from '../../client/src/i18n/en';
import { ko } from '../../client/src/i18n/ko';

const CLIENT_SRC = join(PROJECT_ROOT, 'client', 'src');

function tsxFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsxFiles(path);
    return path.endsWith('.tsx') ? [path] : [];
  });
}

function slotsOf(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
}

/**
 * Text a user reads that does not go through `t(...)`, found with regular expressions on
 * each .tsx file of client/src, comments removed first:
 *   1. JSX text: `>Some words<` (a `>` that is not the arrow `=>`, then text holding a letter),
 *      or text after an expression up to a closing tag on the same line: `{count} zones</span>`;
 *   2. a string literal as a JSX child: `{'Some words'}`;
 *   3. a literal user-facing attribute: placeholder, title, aria-label, alt or label="Words".
 * It is a heuristic, not a parser: text built in code (template strings) is not seen, and a
 * false alarm is silenced by putting the exact text in ALLOWED_LITERALS with the reason.
 */
const ALLOWED_LITERALS: ReadonlySet<string> = new Set([
  // (none: product names and formats live in the tables too, e.g. appName, review.kml)
]);

const JSX_TEXT = /(?<!=)>([^<>{}=;()]*[A-Za-z\u3131-\uD79D][^<>{}=;()]*)</g;
const JSX_TEXT_AFTER_EXPRESSION = /\}([^<>{}=;()\n]*[A-Za-z\u3131-\uD79D][^<>{}=;()\n]*)<\//g;
const JSX_STRING_CHILD = /\{\s*'([^'\n]*[A-Za-z\u3131-\uD79D][^'\n]*)'\s*\}/g;
const LITERAL_ATTRIBUTE =
  /\b(?:placeholder|title|aria-label|alt|label)="([^"]*[A-Za-z\u3131-\uD79D][^"]*)"/g;

export function untranslatedLiterals(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  const found: string[] = [];
  for (const pattern of [
    JSX_TEXT,
    JSX_TEXT_AFTER_EXPRESSION,
    JSX_STRING_CHILD,
    LITERAL_ATTRIBUTE,
  ]) {
    for (const match of code.matchAll(pattern)) {
      const text = match[1]!.trim();
      if (text && !ALLOWED_LITERALS.has(text)) found.push(text);
    }
  }
  return found;
}

describe('the client speaks Korean and English throughout', () => {
  it('has every English message in Korean too, with the same {slots}', () => {
    const missing = Object.keys(en).filter((key) => !ko[key as keyof typeof en]?.trim());
    expect(missing, 'keys without a Korean message in client/src/i18n/ko.ts').toEqual([]);
    const slotMismatch = Object.entries(en)
      .filter(([key, template]) => {
        const korean = ko[key as keyof typeof en];
        return korean !== undefined && slotsOf(korean).join() !== slotsOf(template).join();
      })
      .map(([key]) => key);
    expect(slotMismatch, 'keys whose {slots} differ between en and ko').toEqual([]);
  });

  it('has no Korean message that English lacks', () => {
    const extra = Object.keys(ko).filter((key) => !(key in en));
    expect(extra, 'keys in ko.ts that en.ts does not define').toEqual([]);
  });

  it('shows no JSX text literal that bypasses the translation tables', () => {
    const offenders = tsxFiles(CLIENT_SRC).flatMap((path) =>
      untranslatedLiterals(readFileSync(path, 'utf8')).map(
        (text) => `${relative(PROJECT_ROOT, path)}: "${text}"`,
      ),
    );
    expect(offenders, 'move these texts to client/src/i18n/{en,ko}.ts and use t()').toEqual([]);
  });

  it('catches the literals it is meant to catch, and not arrow-function generics', () => {
    // Expected values: written by hand, one line per pattern above.
    expect(
      untranslatedLiterals(
        [
          '<h1>Flights</h1>',
          '<span>{count} zones</span>',
          "<span>{'Log out'}</span>",
          '<input placeholder="Search" />',
          '<p>{t("flights.title")}</p>',
          'const load = (): Promise<void> => run();',
          'const f = async () => listItems<Row>(answer);',
          '<button>{t("common.save")}</button> // a comment with <b>words</b>',
        ].join('\n'),
      ),
    ).toEqual(['Flights', 'zones', 'Log out', 'Search']);
  });
});
