import { useI18n } from '../i18n/I18nProvider';
import type { MessageKey } from '../i18n/en';

export function VerdictBadge({ verdict }: { verdict: string | null }) {
  const { t } = useI18n();
  const key = `verdict.${verdict ?? 'none'}` as MessageKey;
  return <span className={`verdict ${verdict ?? 'none'}`}>{t(key)}</span>;
}
