import PDFDocument from 'pdfkit';
import type { ReportInput } from '../reportInput.js';
import { criterionTitle, reportText } from '../reportText.js';
import { drawCover } from './pdfCover.js';
import { drawCriterionSection } from './pdfCriterionSection.js';
import { drawEventList } from './pdfEventList.js';
import { registerReportFonts } from './pdfFonts.js';
import { PAGE, regular } from './pdfLayout.js';
import { drawSignature } from './pdfSignature.js';
import { drawTrackMap } from './pdfTrackMap.js';
import { drawVerdictTable } from './pdfVerdictTable.js';

/**
 * The evaluation report as a PDF in the requested language: cover with the overall verdict, the
 * verdict table, one section per plan item with its evidence, the track with the fences, the
 * events, the signature with its QR code, and the signed evaluation as an attachment. The same
 * input gives the same pages.
 */
export async function pdfReport(input: ReportInput): Promise<Buffer> {
  const text = reportText(input.lang);
  const { flight, evaluation, flightData } = input;
  const doc = new PDFDocument({
    size: 'A4',
    margin: PAGE.margin,
    bufferPages: true,
    lang: input.lang,
    info: {
      Title: `${text.title} — ${flight.vehicleName}`,
      Author: 'Sortie',
      Subject: `${evaluation.planName} v${evaluation.planVersion}`,
      Keywords: evaluation.signatureSha256,
      CreationDate: evaluation.createdAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  registerReportFonts(doc);
  regular(doc);

  drawCover(doc, input);
  doc.addPage();
  drawVerdictTable(doc, input);
  for (const result of evaluation.results) {
    doc.outline.addItem(`${result.itemId} ${criterionTitle(text, result.criterion)}`);
    drawCriterionSection(doc, result, flightData, input.lang);
  }
  drawTrackMap(doc, flightData, input.fences, input.lang);
  drawEventList(doc, flightData, input.lang);
  drawSignature(doc, evaluation, input.lang);
  if (evaluation.signed) {
    // The signed evaluation travels inside the report: `npx sortie-verify report.pdf`.
    doc.file(Buffer.from(`${JSON.stringify(evaluation.signed, null, 2)}\n`, 'utf8'), {
      name: 'evaluation.json',
      type: 'application/json',
      description: 'Signed evaluation; verify offline with npx sortie-verify',
      creationDate: evaluation.createdAt,
      modifiedDate: evaluation.createdAt,
    });
  }

  const pages = doc.bufferedPageRange();
  for (let i = 0; i < pages.count; i++) {
    doc.switchToPage(pages.start + i);
    // Writing below the bottom margin would make pdfkit open a page: lift the margin for the footer.
    doc.page.margins.bottom = 0;
    regular(doc, 8)
      .fillColor('#777777')
      .text(
        `${flight.vehicleName} · ${evaluation.signatureSha256.slice(0, 16)} · ${text.page(i + 1, pages.count)}`,
        PAGE.margin,
        PAGE.height - PAGE.margin + 10,
        { width: PAGE.width - 2 * PAGE.margin, align: 'center', lineBreak: false },
      );
  }
  doc.end();
  return ended;
}
