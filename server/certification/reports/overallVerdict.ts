import type { CriterionResult } from '../criterionResult.js';
import type { OverallVerdict } from './reportInput.js';

/**
 * One failed item fails the flight; an item that could not be judged (insufficient data) makes it
 * incomplete rather than a silent pass. Not-applicable items do not count either way.
 */
export function overallVerdictOf(
  results: readonly Pick<CriterionResult, 'verdict'>[],
): OverallVerdict {
  if (results.some((result) => result.verdict === 'fail')) return 'fail';
  if (results.some((result) => result.verdict === 'insufficient-data')) return 'incomplete';
  return 'pass';
}
