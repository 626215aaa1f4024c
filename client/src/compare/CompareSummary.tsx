import type { Evaluation } from '../api/evaluations';
import type { Flight } from '../api/types';
import { VerdictBadge } from '../flights/VerdictBadge';
import { formatDuration } from '../format/formatTime';
import { formatDistance, formatQuantity } from '../format/formatQuantity';
import { useI18n } from '../i18n/I18nProvider';
import { COMPARED_QUANTITIES, quantityRow } from './differences';
import { flightColour } from './flightColours';

function formatAs(unit: string, value: number | null): string {
  if (unit === 's') return value === null ? '—' : formatDuration(value);
  if (unit === 'm' && value !== null && value >= 1000) return formatDistance(value);
  return formatQuantity(value, unit);
}

/** The flights' summaries side by side with the spread, and each criterion's verdict per flight. */
export function CompareSummary({
  flights,
  labels,
  evaluations,
}: {
  flights: readonly Flight[];
  labels: readonly string[];
  evaluations: readonly (Evaluation | null)[];
}) {
  const { t } = useI18n();
  const flightHeads = labels.map((label, index) => (
    <th key={flights[index]!.id} style={{ color: flightColour(index) }}>
      {label}
    </th>
  ));
  const criteria = [
    ...new Map(
      evaluations.flatMap((e) => e?.results ?? []).map((r) => [r.itemId, r.criterion]),
    ).entries(),
  ];
  return (
    <section className="compare-summary" data-testid="compare-summary">
      <h2>{t('compare.summary')}</h2>
      <table className="resource-table">
        <thead>
          <tr>
            <th>{t('compare.quantity')}</th>
            {flightHeads}
            <th>{t('compare.spread')}</th>
          </tr>
        </thead>
        <tbody>
          {COMPARED_QUANTITIES.map((quantity) => {
            const row = quantityRow(flights, quantity.key);
            return (
              <tr key={quantity.key} data-quantity={quantity.key}>
                <th scope="row">{t(quantity.label)}</th>
                {row.values.map((value, index) => (
                  <td key={flights[index]!.id}>{formatAs(quantity.unit, value)}</td>
                ))}
                <td className="spread">{formatAs(quantity.unit, row.spread)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <h2>{t('compare.verdicts')}</h2>
      {criteria.length === 0 ? (
        <p className="muted">{t('compare.noEvaluations')}</p>
      ) : (
        <table className="resource-table" data-testid="compare-verdicts">
          <thead>
            <tr>
              <th>{t('review.criterion')}</th>
              {flightHeads}
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">{t('compare.overall')}</th>
              {evaluations.map((evaluation, index) => (
                <td key={flights[index]!.id}>
                  <VerdictBadge verdict={evaluation?.overallVerdict ?? null} />
                </td>
              ))}
            </tr>
            {criteria.map(([itemId, criterion]) => (
              <tr key={itemId} data-criterion={itemId}>
                <th scope="row">{criterion}</th>
                {evaluations.map((evaluation, index) => (
                  <td key={flights[index]!.id}>
                    <VerdictBadge
                      verdict={
                        evaluation?.results.find((r) => r.itemId === itemId)?.verdict ?? null
                      }
                    />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
