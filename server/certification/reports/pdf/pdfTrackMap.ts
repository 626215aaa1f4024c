import type { RangeFences } from '../../fences/rangeFences.js';
import type { FlightData } from '../../flightData.js';
import { localProjection, type LatLon } from '../../localProjection.js';
import { decimate } from '../../series/positionAt.js';
import { modeColour } from '../modeColours.js';
import type { ReportLanguage } from '../reportInput.js';
import { formatFlightTime, reportText } from '../reportText.js';
import { locatedEvents, trackSegments } from '../trackSegments.js';
import { CONTENT_WIDTH, PAGE, bold, ensureSpace, heading, regular } from './pdfLayout.js';

const MAP_HEIGHT_PT = 380;
/** Points per drawn segment: plenty at this size, and keeps the file small. */
const MAX_POINTS_PER_SEGMENT = 1500;
/** Events labelled on the map; all of them are listed in the event table. */
const MAX_LABELLED_EVENTS = 12;

/**
 * The track in local metres (north up, equal scale on both axes) with the fences, home and the
 * numbered events, plus a legend of modes and a scale bar.
 */
export function drawTrackMap(
  doc: PDFKit.PDFDocument,
  flight: FlightData,
  fences: RangeFences | null,
  lang: ReportLanguage,
): void {
  const text = reportText(lang);
  doc.addPage();
  heading(doc, text.track);
  const segments = trackSegments(flight);
  if (segments.length === 0) {
    regular(doc, 10).text(text.noTrack, PAGE.margin, doc.y);
    return;
  }
  const points: LatLon[] = segments.flatMap((segment) => segment.points);
  for (const zone of fences?.zones ?? []) {
    if (zone.shape === 'polygon') points.push(...zone.vertices);
  }
  const origin = points[0] as LatLon;
  const projection = localProjection(origin);
  const circleExtents = (fences?.zones ?? []).flatMap((zone) =>
    zone.shape === 'circle'
      ? [
          {
            x: projection.eastM(zone.center.lonDeg) - zone.radiusM,
            y: projection.northM(zone.center.latDeg) - zone.radiusM,
          },
          {
            x: projection.eastM(zone.center.lonDeg) + zone.radiusM,
            y: projection.northM(zone.center.latDeg) + zone.radiusM,
          },
        ]
      : [],
  );
  const xy = [
    ...points.map((p) => ({ x: projection.eastM(p.lonDeg), y: projection.northM(p.latDeg) })),
    ...circleExtents,
  ];
  // A loop, not Math.min(...xy): a long flight has more points than a call takes arguments.
  let [minX, maxX, minY, maxY] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const p of xy) {
    minX = Math.min(minX, p.x);
    maxX = Math.max(maxX, p.x);
    minY = Math.min(minY, p.y);
    maxY = Math.max(maxY, p.y);
  }
  const spanM = Math.max(maxX - minX, maxY - minY, 10) * 1.1;
  const scale = Math.min(CONTENT_WIDTH, MAP_HEIGHT_PT) / spanM;
  ensureSpace(doc, MAP_HEIGHT_PT + 60);
  const top = doc.y + 5;
  const centreX = PAGE.margin + CONTENT_WIDTH / 2;
  const centreY = top + MAP_HEIGHT_PT / 2;
  const midX = (minX + maxX) / 2;
  const midY = (minY + maxY) / 2;
  const toPage = (p: LatLon) => ({
    x: centreX + (projection.eastM(p.lonDeg) - midX) * scale,
    y: centreY - (projection.northM(p.latDeg) - midY) * scale,
  });

  doc.save();
  doc.rect(PAGE.margin, top, CONTENT_WIDTH, MAP_HEIGHT_PT).clip();
  doc.rect(PAGE.margin, top, CONTENT_WIDTH, MAP_HEIGHT_PT).fill('#fafafa');
  for (const zone of fences?.zones ?? []) {
    const colour = zone.role === 'inclusion' ? '#1f6fd1' : '#d62728';
    if (zone.shape === 'circle') {
      const c = toPage(zone.center);
      doc.circle(c.x, c.y, zone.radiusM * scale);
    } else {
      zone.vertices.forEach((vertex, i) => {
        const p = toPage(vertex);
        if (i === 0) doc.moveTo(p.x, p.y);
        else doc.lineTo(p.x, p.y);
      });
      doc.closePath();
    }
    doc.fillOpacity(0.08).lineWidth(1.2).fillAndStroke(colour, colour).fillOpacity(1);
  }
  for (const segment of segments) {
    const drawn = decimate(segment.points, MAX_POINTS_PER_SEGMENT);
    const last = segment.points[segment.points.length - 1];
    if (last && drawn[drawn.length - 1] !== last) drawn.push(last);
    drawn.forEach((point, i) => {
      const p = toPage(point);
      if (i === 0) doc.moveTo(p.x, p.y);
      else doc.lineTo(p.x, p.y);
    });
    doc.lineWidth(1.6).strokeColor(modeColour(segment.modeName)).stroke();
  }
  if (flight.home) {
    const h = toPage(flight.home);
    doc
      .rect(h.x - 4, h.y - 4, 8, 8)
      .lineWidth(1.5)
      .strokeColor('#000000')
      .stroke();
  }
  const events = locatedEvents(flight).slice(0, MAX_LABELLED_EVENTS);
  events.forEach((located, i) => {
    const p = toPage(located);
    doc.circle(p.x, p.y, 3).fill(located.event.severity <= 3 ? '#c62828' : '#333333');
    regular(doc, 7)
      .fillColor('#000000')
      .text(String(i + 1), p.x + 4, p.y - 4, { lineBreak: false });
  });
  doc.restore();
  doc
    .rect(PAGE.margin, top, CONTENT_WIDTH, MAP_HEIGHT_PT)
    .lineWidth(0.5)
    .strokeColor('#888888')
    .stroke();
  drawScaleBar(doc, scale, PAGE.margin + 10, top + MAP_HEIGHT_PT - 14);

  doc.x = PAGE.margin;
  doc.y = top + MAP_HEIGHT_PT + 8;
  const modes = [...new Set(segments.map((segment) => segment.modeName))];
  bold(doc, 9).text(`${text.legend}:`, PAGE.margin, doc.y, { continued: true });
  regular(doc, 9).text(' ', { continued: true });
  modes.forEach((mode, i) => {
    doc.fillColor(modeColour(mode)).text(`■ ${mode}`, { continued: i < modes.length - 1 });
    if (i < modes.length - 1) doc.fillColor('#000000').text('   ', { continued: true });
  });
  regular(doc, 9)
    .fillColor('#1f6fd1')
    .text(`■ ${text.fenceInclusion}`, PAGE.margin, doc.y + 2, { continued: true })
    .fillColor('#d62728')
    .text(`   ■ ${text.fenceExclusion}`, { continued: true })
    .fillColor('#000000')
    .text(`   □ ${text.home}`);
  if (events.length) {
    doc.moveDown(0.3);
    regular(doc, 8).text(
      events
        .map(
          (located, i) =>
            `${i + 1}. ${formatFlightTime(located.event.tUs, flight.startUs)} ${located.event.message || located.event.type}`,
        )
        .join('   '),
      PAGE.margin,
      doc.y,
      { width: CONTENT_WIDTH },
    );
  }
  regular(doc);
}

/** A bar of a round length (1, 2 or 5 × 10ⁿ m) about a fifth of the map wide. */
function drawScaleBar(doc: PDFKit.PDFDocument, scalePtPerM: number, x: number, y: number): void {
  const targetM = CONTENT_WIDTH / 5 / scalePtPerM;
  const power = 10 ** Math.floor(Math.log10(targetM));
  const lengthM = [5, 2, 1].map((k) => k * power).find((m) => m <= targetM) ?? power;
  const lengthPt = lengthM * scalePtPerM;
  doc
    .moveTo(x, y)
    .lineTo(x + lengthPt, y)
    .lineWidth(2)
    .strokeColor('#000000')
    .stroke();
  regular(doc, 7).text(`${lengthM} m`, x, y + 3, { lineBreak: false });
}
