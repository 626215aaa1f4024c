import type { FlightData } from '../../flightData.js';
import type { ReportLanguage } from '../reportInput.js';
import { formatFlightTime, reportText } from '../reportText.js';
import { CONTENT_WIDTH, PAGE, VERDICT_COLOURS, heading, regular, table } from './pdfLayout.js';

/** A report is not a log viewer: past this many rows the exports hold the rest. */
const MAX_EVENT_ROWS = 300;

export function drawEventList(
  doc: PDFKit.PDFDocument,
  flight: FlightData,
  lang: ReportLanguage,
): void {
  const text = reportText(lang);
  heading(doc, text.events);
  if (flight.events.length === 0) {
    regular(doc, 10).text(text.noEvents, PAGE.margin, doc.y);
    return;
  }
  const shown = flight.events.slice(0, MAX_EVENT_ROWS);
  table(
    doc,
    [
      { header: text.time, widthPt: CONTENT_WIDTH * 0.15 },
      { header: text.type, widthPt: CONTENT_WIDTH * 0.2 },
      { header: text.message, widthPt: CONTENT_WIDTH * 0.65 },
    ],
    shown.map((event) => [
      formatFlightTime(event.tUs, flight.startUs),
      {
        text: event.type,
        ...(event.severity <= 3 ? { colour: VERDICT_COLOURS.fail } : {}),
      },
      event.message,
    ]),
    8,
  );
  if (flight.events.length > shown.length) {
    regular(doc, 8).text(
      text.moreEvents(flight.events.length - shown.length),
      PAGE.margin,
      doc.y + 4,
    );
  }
}
