import QRCode from 'qrcode';
import { verificationCode } from '../../../../telemetry/evidence/signedEvaluation.js';
import type { ReportEvaluation, ReportLanguage } from '../reportInput.js';
import { reportText } from '../reportText.js';
import { CONTENT_WIDTH, PAGE, bold, ensureSpace, heading, regular } from './pdfLayout.js';

const QR_SIZE_PT = 96;

/**
 * What a reader checks the report with: the hashes, the range key and a verification code, also
 * as a QR code; the signed evaluation itself travels as the PDF's attachment (pdfReport).
 */
export function drawSignature(
  doc: PDFKit.PDFDocument,
  evaluation: ReportEvaluation,
  lang: ReportLanguage,
): void {
  const text = reportText(lang);
  ensureSpace(doc, 260);
  heading(doc, text.signature);
  const { signed } = evaluation;
  const code = signed ? verificationCode(signed) : null;
  const rows: [string, string][] = [
    [text.rawFramesSha256, evaluation.rawFramesSha256],
    [text.signatureSha256, evaluation.signatureSha256],
  ];
  if (signed && code) rows.push([text.signingKey, signed.keyId], [text.verificationCode, code]);
  const top = doc.y;
  const textWidth = CONTENT_WIDTH - (code ? QR_SIZE_PT + 16 : 0);
  for (const [label, value] of rows) {
    bold(doc, 9).text(label, PAGE.margin, doc.y, { width: textWidth });
    doc.font('Courier').fontSize(9).text(value, PAGE.margin, doc.y, { width: textWidth });
    doc.moveDown(0.5);
  }
  if (code) drawQrCode(doc, `SORTIE-VERIFY:${evaluation.id}:${code}`, top);
  else bold(doc, 9).text(text.unsigned, PAGE.margin, doc.y, { width: CONTENT_WIDTH });
  doc.y = Math.max(doc.y, top + QR_SIZE_PT + 8);
  regular(doc, 8.5).fillColor('#444444').text(text.signatureExplanation, PAGE.margin, doc.y, {
    width: CONTENT_WIDTH,
  });
  regular(doc);
}

/** A QR code of `content`, drawn as squares at the right edge of the content, from `top`. */
function drawQrCode(doc: PDFKit.PDFDocument, content: string, top: number): void {
  const qr = QRCode.create(content, { errorCorrectionLevel: 'M' });
  const { size, data } = qr.modules;
  const modulePt = QR_SIZE_PT / size;
  const left = PAGE.margin + CONTENT_WIDTH - QR_SIZE_PT;
  doc.save().fillColor('#000000');
  for (let row = 0; row < size; row++) {
    for (let column = 0; column < size; column++) {
      if (data[row * size + column]) {
        doc.rect(left + column * modulePt, top + row * modulePt, modulePt, modulePt);
      }
    }
  }
  doc.fill().restore();
}
