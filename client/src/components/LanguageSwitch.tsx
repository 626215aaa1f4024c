import { useI18n } from '../i18n/I18nProvider';
import { LOCALES } from '../i18n/translate';

const LABELS = { ko: '한국어', en: 'English' } as const;

export function LanguageSwitch() {
  const { locale, setLocale, t } = useI18n();
  return (
    <div className="language-switch" role="group" aria-label={t('header.language')}>
      {LOCALES.map((option) => (
        <button
          key={option}
          type="button"
          lang={option}
          aria-pressed={option === locale}
          data-testid={`language-${option}`}
          onClick={() => setLocale(option)}
        >
          {LABELS[option]}
        </button>
      ))}
    </div>
  );
}
