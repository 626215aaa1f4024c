import type { Flight } from '../api/types';
import { compareHref, whyNotComparable } from '../compare/comparable';
import { useI18n } from '../i18n/I18nProvider';
import { navigate } from '../router/navigation';

/** The picked flights and the way into their comparison, or the reason they cannot be compared. */
export function CompareBar({ selected, onClear }: { selected: Flight[]; onClear: () => void }) {
  const { t } = useI18n();
  if (selected.length === 0) return null;
  const refusal = whyNotComparable(selected);
  return (
    <div className="compare-bar" data-testid="compare-bar">
      <span>{t('flights.selected', { count: selected.length })}</span>
      <button
        type="button"
        disabled={refusal !== null}
        onClick={() => navigate(compareHref(selected.map((f) => f.id)))}
        data-testid="compare-open"
      >
        {t('flights.compare')}
      </button>
      <button type="button" onClick={onClear}>
        {t('flights.clearSelection')}
      </button>
      {refusal && (
        <span className="muted" role="status" data-testid="compare-refusal">
          {t(refusal)}
        </span>
      )}
    </div>
  );
}
