import { useState } from 'react';
import {
  evidenceTimeUs,
  fetchTestPlans,
  runEvaluation,
  type CriterionResult,
  type Evaluation,
} from '../api/evaluations';
import { ErrorMessage } from '../components/ErrorMessage';
import { useAsync } from '../components/useAsync';
import { VerdictBadge } from '../flights/VerdictBadge';
import { formatQuantity } from '../format/formatQuantity';
import { useI18n } from '../i18n/I18nProvider';
import type { ReplayClock } from './ReplayClock';

/**
 * The flight's latest evaluation: each criterion's verdict, measured value, threshold and
 * reason; a click on a row moves the replay to its evidence. Engineers can run a new one.
 */
export function EvaluationPanel({
  flightId,
  latest,
  clock,
  canEvaluate,
  onEvaluated,
}: {
  flightId: string;
  latest: Evaluation | null;
  clock: ReplayClock;
  canEvaluate: boolean;
  onEvaluated: () => void;
}) {
  const { t } = useI18n();
  const plans = useAsync(
    (signal) => (canEvaluate ? fetchTestPlans(signal) : Promise.resolve([])),
    [canEvaluate],
  );
  const [planId, setPlanId] = useState('');
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const planList = plans.status === 'done' ? plans.value : [];
  const chosenPlan = planId || planList[0]?.planId || '';

  const run = async () => {
    if (!chosenPlan) return;
    setRunning(true);
    setError(null);
    try {
      await runEvaluation(flightId, chosenPlan);
      onEvaluated();
    } catch (caught) {
      setError(caught);
    } finally {
      setRunning(false);
    }
  };

  const jump = (result: CriterionResult) => {
    const tUs = evidenceTimeUs(result);
    if (tUs !== null) {
      clock.pause();
      clock.seek(tUs);
    }
  };

  return (
    <section className="evaluation-panel" data-testid="evaluation-panel">
      <h2>
        {t('review.evaluation')}{' '}
        {latest && (
          <small>
            {latest.planName} v{latest.planVersion} · #{latest.version}{' '}
            <VerdictBadge verdict={latest.overallVerdict} />
          </small>
        )}
      </h2>
      {canEvaluate && (
        <div className="run-evaluation">
          <label>
            {t('review.plan')}
            <select
              value={chosenPlan}
              onChange={(event) => setPlanId(event.target.value)}
              data-testid="plan-select"
            >
              {planList.map((plan) => (
                <option key={plan.planId} value={plan.planId}>
                  {plan.name} v{plan.latestVersion}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            disabled={running || !chosenPlan}
            onClick={() => void run()}
            data-testid="run-evaluation"
          >
            {running ? t('review.running') : t('review.runEvaluation')}
          </button>
        </div>
      )}
      {plans.status === 'failed' && <ErrorMessage error={plans.error} />}
      {error !== null && <ErrorMessage error={error} />}
      {!latest && <p className="muted">{t('review.noEvaluation')}</p>}
      {latest && (
        <table className="evaluation-table" data-testid="evaluation-results">
          <thead>
            <tr>
              <th>{t('review.criterion')}</th>
              <th>{t('flights.verdict')}</th>
              <th>{t('review.measured')}</th>
              <th>{t('review.threshold')}</th>
              <th>{t('review.evidence')}</th>
            </tr>
          </thead>
          <tbody>
            {latest.results.map((result) => (
              <tr
                key={result.itemId}
                className={`verdict-row ${result.verdict}`}
                data-criterion={result.criterion}
                onClick={() => jump(result)}
                title={result.reason}
              >
                <td>{result.criterion}</td>
                <td>
                  <VerdictBadge verdict={result.verdict} />
                </td>
                <td>{formatQuantity(result.measured, result.unit, 2)}</td>
                <td>{formatQuantity(result.threshold, result.unit, 2)}</td>
                <td>
                  <button
                    type="button"
                    disabled={evidenceTimeUs(result) === null}
                    data-testid="jump-to-evidence"
                  >
                    {t('review.jump')}
                  </button>{' '}
                  <span className="muted">{result.reason}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
