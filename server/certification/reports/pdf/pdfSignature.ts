import type { ReportEvaluation, ReportLanguage } from '../reportInput.js';
import { reportText } from '../reportText.js';
import { CONTENT_WIDTH, PAGE, bold, ensureSpace, heading, regular } from './pdfLayout.js';

/** The hashes a reader can check the report against the stored flight and evaluation with. */
export function drawSignature(
  doc: PDFKit.PDFDocument,
  evaluation: ReportEvaluation,
  lang: ReportLanguage,
): void {
  const text = reportText(lang);
  ensureSpace(doc, 150);
  heading(doc, text.signature);
  for (const [label, hash] of [
    [text.rawFramesSha256, evaluation.rawFramesSha256],
    [text.signatureSha256, evaluation.signatureSha256],
  ] as const) {
    bold(doc, 9).text(label, PAGE.margin, doc.y, { width: CONTENT_WIDTH });
    doc.font('Courier').fontSize(9).text(hash, PAGE.margin, doc.y, { width: CONTENT_WIDTH });
    doc.moveDown(0.5);
  }
  regular(doc, 8.5).fillColor('#444444').text(text.signatureExplanation, PAGE.margin, doc.y, {
    width: CONTENT_WIDTH,
  });
  regular(doc);
}
