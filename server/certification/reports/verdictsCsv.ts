import { csvDocument } from './csvFormat.js';
import type { ReportEvaluation } from './reportInput.js';

/** The verdict table on its own: one row per plan item, in plan order. */
export function verdictsCsv(evaluation: ReportEvaluation): string {
  const header = [
    'Item',
    'Criterion',
    'Verdict',
    'Measured',
    'Threshold',
    'Unit',
    'Threshold source',
    'Window',
    'Reason',
  ];
  const rows = evaluation.results.map((result) => [
    result.itemId,
    result.criterion,
    result.verdict,
    result.measured,
    result.threshold,
    result.unit,
    result.thresholdSource,
    result.window.description,
    result.reason,
  ]);
  return csvDocument(header, rows);
}
