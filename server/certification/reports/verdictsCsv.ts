import { csvDocument } from './csvFormat.js';
import { evidencePreamble } from './evidencePreamble.js';
import type { ReportEvaluation } from './reportInput.js';

/** The verdict table on its own: one row per plan item, in plan order, under its evidence. */
export function verdictsCsv(evaluation: ReportEvaluation): string {
  const header = [
    'Item',
    'Requirement',
    'Requirement text',
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
    result.requirement?.id ?? null,
    result.requirement?.text ?? null,
    result.criterion,
    result.verdict,
    result.measured,
    result.threshold,
    result.unit,
    result.thresholdSource,
    result.window.description,
    result.reason,
  ]);
  return csvDocument(header, rows, evidencePreamble(evaluation));
}
