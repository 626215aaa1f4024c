import type { ReportInput } from '../reportInput.js';
import { criterionTitle, formatValue, reportText } from '../reportText.js';
import { CONTENT_WIDTH, VERDICT_COLOURS, heading, table } from './pdfLayout.js';

/**
 * One row per plan item: the requirement it tests, what was measured against which threshold,
 * and the verdict.
 */
export function drawVerdictTable(doc: PDFKit.PDFDocument, input: ReportInput): void {
  const text = reportText(input.lang);
  heading(doc, text.verdictTable);
  const widths = [0.12, 0.16, 0.26, 0.14, 0.16, 0.16].map((share) => share * CONTENT_WIDTH);
  table(
    doc,
    [
      { header: text.item, widthPt: widths[0] ?? 0 },
      { header: text.requirement, widthPt: widths[1] ?? 0 },
      { header: text.criterion, widthPt: widths[2] ?? 0 },
      { header: text.verdict, widthPt: widths[3] ?? 0 },
      { header: text.measured, widthPt: widths[4] ?? 0, align: 'right' },
      { header: text.threshold, widthPt: widths[5] ?? 0, align: 'right' },
    ],
    input.evaluation.results.map((result) => [
      result.itemId,
      result.requirement?.id ?? '–',
      criterionTitle(text, result.criterion),
      { text: text.verdicts[result.verdict], colour: VERDICT_COLOURS[result.verdict], bold: true },
      formatValue(result.measured, result.unit),
      formatValue(result.threshold, result.unit),
    ]),
  );
}
