import { describe, expect, it } from 'vitest';
import { en } from '../../client/src/i18n/en';
import { ko } from '../../client/src/i18n/ko';
import { preferredLocale, translate } from '../../client/src/i18n/translate';

describe('translate', () => {
  it('uses the Korean table when the locale is ko', () => {
    expect(translate('ko', 'login.submit')).toBe('로그인');
    expect(translate('en', 'login.submit')).toBe('Sign in');
  });

  it('falls back to English for a key the Korean table lacks', () => {
    const missing = (Object.keys(en) as (keyof typeof en)[]).find((key) => !(key in ko));
    const key = missing ?? 'appName';
    expect(translate('ko', key)).toBe(ko[key] ?? en[key]);
  });

  it('fills named slots and leaves unknown slots visible', () => {
    expect(translate('en', 'vehicle.satellites', { count: 12 })).toBe('12 sats');
    expect(translate('ko', 'vehicle.satellites', { count: 12 })).toBe('위성 12개');
    expect(translate('en', 'vehicle.satellites')).toBe('{count} sats');
  });

  it('has a Korean message for every English one', () => {
    const untranslated = Object.keys(en).filter((key) => !(key in ko));
    expect(untranslated).toEqual([]);
  });
});

describe('preferredLocale', () => {
  it('picks Korean when the browser lists Korean before English', () => {
    expect(preferredLocale(['ko-KR', 'en-US'])).toBe('ko');
    expect(preferredLocale(['ko'])).toBe('ko');
  });

  it('picks English when English comes first or nothing matches', () => {
    expect(preferredLocale(['en-GB', 'ko'])).toBe('en');
    expect(preferredLocale(['fr-FR', 'de'])).toBe('en');
    expect(preferredLocale([])).toBe('en');
  });

  it('skips languages it does not have until one it has', () => {
    expect(preferredLocale(['ja-JP', 'ko-KR', 'en'])).toBe('ko');
  });
});
