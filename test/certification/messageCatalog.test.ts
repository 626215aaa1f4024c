import { describe, expect, it } from 'vitest';
import {
  MESSAGE_CATALOG,
  MESSAGE_CODES,
  renderMessage,
} from '../../server/certification/messageCatalog.js';

/** A value for every parameter name any template reads. */
const PARAMS = new Proxy(
  {},
  { get: (_target, name) => (name === 'verdictOfCovered' ? 'fail' : 7.5) },
) as Record<string, number | string>;

const HANGUL = /[\uac00-\ud7a3]/;

describe('message catalogue', () => {
  it('has an English and a Korean text for every reason, note, metric and label code', () => {
    const english = Object.keys(MESSAGE_CATALOG.en).sort();
    const korean = Object.keys(MESSAGE_CATALOG.ko).sort();
    expect(korean).toEqual(english);
    for (const code of MESSAGE_CODES) {
      for (const lang of ['en', 'ko'] as const) {
        const text = renderMessage({ code, params: PARAMS }, lang);
        expect(text, `${lang} ${code}`).not.toMatch(/undefined|NaN|\[object/);
        expect(text.trim(), `${lang} ${code}`).not.toBe('');
      }
    }
  });

  it('writes every Korean sentence in Korean', () => {
    // Names that are the same in both languages (2DRMS, MAVLink identifiers) are not sentences.
    const sameInBoth = MESSAGE_CODES.filter(
      (code) =>
        renderMessage({ code, params: PARAMS }, 'ko') ===
        renderMessage({ code, params: PARAMS }, 'en'),
    );
    expect(sameInBoth).toEqual(['metric-2drms']);
    for (const code of MESSAGE_CODES.filter((c) => !sameInBoth.includes(c))) {
      expect(renderMessage({ code, params: PARAMS }, 'ko'), code).toMatch(HANGUL);
    }
  });

  it('shows a code it does not know with its parameters instead of failing', () => {
    expect(renderMessage({ code: 'from-a-newer-server', params: { x: 1 } }, 'ko')).toBe(
      'from-a-newer-server {"x":1}',
    );
  });
});
