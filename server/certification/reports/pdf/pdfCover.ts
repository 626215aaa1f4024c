import type { ReportInput } from '../reportInput.js';
import { messageIn } from '../resultText.js';
import { formatDateTime, reportText } from '../reportText.js';
import { CONTENT_WIDTH, PAGE, VERDICT_COLOURS, bold, keyValues, regular } from './pdfLayout.js';

/** Page 1: who, what, where, when, against which plan, and the overall verdict in large type. */
export function drawCover(doc: PDFKit.PDFDocument, input: ReportInput): void {
  const { flight, evaluation, lang } = input;
  const text = reportText(lang);
  const zone = flight.rangeTimeZone;
  bold(doc, 22).text(text.title, PAGE.margin, PAGE.margin + 20, { width: CONTENT_WIDTH });
  doc.moveDown(0.3);
  regular(doc, 11)
    .fillColor('#555555')
    .text(`${flight.vehicleName} · ${flight.makerName}`, { width: CONTENT_WIDTH });
  doc.moveDown(1.5);
  const vehicle = [
    flight.vehicleName,
    flight.vehicleModel ? `${text.model} ${flight.vehicleModel}` : null,
  ]
    .filter((part): part is string => part !== null)
    .join(', ');
  keyValues(doc, [
    [text.range, flight.rangeName],
    [text.vehicle, `${vehicle} (MAVLink sysid ${flight.sysId})`],
    [text.serial, flight.vehicleSerial ?? '—'],
    [text.maker, flight.makerName],
    [text.plan, `${evaluation.planName}, ${text.version} ${evaluation.planVersion}`],
    [
      text.flightDate,
      formatDateTime(flight.startedAt, lang, zone) +
        (flight.endedAt ? ` – ${formatDateTime(flight.endedAt, lang, zone)}` : ''),
    ],
    [text.evaluatedAt, formatDateTime(evaluation.createdAt, lang, zone)],
    [text.evaluationVersion, `${evaluation.version} (${evaluation.id})`],
    ...(evaluation.warnings.length > 0
      ? [
          [
            text.warnings,
            evaluation.warnings.map((warning) => messageIn(warning, lang)).join(' '),
          ] as [string, string],
        ]
      : []),
  ]);
  doc.moveDown(2);
  bold(doc, 12).text(text.overallVerdict, PAGE.margin, doc.y, { width: CONTENT_WIDTH });
  doc.moveDown(0.3);
  const boxTop = doc.y;
  const colour = VERDICT_COLOURS[evaluation.overallVerdict];
  doc
    .roundedRect(PAGE.margin, boxTop, CONTENT_WIDTH, 60, 6)
    .lineWidth(2)
    .strokeColor(colour)
    .stroke();
  bold(doc, 30)
    .fillColor(colour)
    .text(text.overall[evaluation.overallVerdict], PAGE.margin, boxTop + 12, {
      width: CONTENT_WIDTH,
      align: 'center',
    });
  doc.x = PAGE.margin;
  doc.y = boxTop + 75;
  const counts = new Map<string, number>();
  for (const result of evaluation.results)
    counts.set(result.verdict, (counts.get(result.verdict) ?? 0) + 1);
  regular(doc, 10).text(
    [...counts]
      .map(([verdict, count]) => `${text.verdicts[verdict as keyof typeof text.verdicts]} ${count}`)
      .join(' · '),
    { width: CONTENT_WIDTH, align: 'center' },
  );
}
