import type { CriterionResult } from '../../criterionResult.js';
import type { FlightData } from '../../flightData.js';
import { term } from '../../messageCatalog.js';
import type { ReportLanguage } from '../reportInput.js';
import {
  metricNameIn,
  notesIn,
  reasonIn,
  spanLabelIn,
  windowDescriptionIn,
} from '../resultText.js';
import { criterionTitle, formatFlightTime, formatValue, reportText } from '../reportText.js';
import { plotSpecOf } from './criterionPlotChannels.js';
import { drawSeriesPlot } from './pdfSeriesPlot.js';
import {
  CONTENT_WIDTH,
  PAGE,
  VERDICT_COLOURS,
  bold,
  ensureSpace,
  heading,
  keyValues,
  regular,
  table,
} from './pdfLayout.js';

/** Spans listed in a section; longer lists are cut with a count. */
const MAX_LISTED_SPANS = 8;

/** One plan item: verdict, reason, metrics, the evidence in numbers and a plot of the raw channel. */
export function drawCriterionSection(
  doc: PDFKit.PDFDocument,
  result: CriterionResult,
  flight: FlightData,
  lang: ReportLanguage,
): void {
  const text = reportText(lang);
  ensureSpace(doc, 200);
  heading(doc, `${result.itemId} · ${criterionTitle(text, result.criterion)}`, 13);
  bold(doc, 11)
    .fillColor(VERDICT_COLOURS[result.verdict])
    .text(`${text.verdict}: ${text.verdicts[result.verdict]}`, PAGE.margin, doc.y, {
      width: CONTENT_WIDTH,
    });
  doc.moveDown(0.3);
  const { evidence } = result;
  const spans = result.window.spans.length
    ? result.window.spans
        .slice(0, MAX_LISTED_SPANS)
        .map(
          (span) =>
            `${formatFlightTime(span.startUs, flight.startUs)} – ${formatFlightTime(span.endUs, flight.startUs)}`,
        )
        .join(', ') +
      (result.window.spans.length > MAX_LISTED_SPANS
        ? ` (+${result.window.spans.length - MAX_LISTED_SPANS})`
        : '')
    : '—';
  const entries: [string, string][] = [
    [text.reason, reasonIn(result, lang)],
    [text.window, `${windowDescriptionIn(result.window, lang)}; ${spans}`],
    [text.thresholdSource, text.thresholdSources[result.thresholdSource]],
    [text.samples, String(evidence.sampleCount)],
  ];
  const coverage = result.coverage as CriterionResult['coverage'] | undefined;
  if (coverage && coverage.fraction !== null) {
    const percent = (fraction: number) => `${(fraction * 100).toFixed(1)} %`;
    entries.push([
      text.coverage,
      text.coverageValue(
        percent(coverage.fraction),
        term(coverage.channels.join(', '), lang),
        coverage.minFraction === null ? null : percent(coverage.minFraction),
      ),
    ]);
  }
  if (evidence.worst) {
    const where =
      evidence.worst.latDeg !== undefined && evidence.worst.lonDeg !== undefined
        ? ` @ ${evidence.worst.latDeg.toFixed(6)}, ${evidence.worst.lonDeg.toFixed(6)}`
        : '';
    entries.push([
      text.worstSample,
      `${formatFlightTime(evidence.worst.tUs, flight.startUs)}: ${formatValue(evidence.worst.value, result.unit)}${where}`,
    ]);
  }
  if (evidence.spans.length) {
    entries.push([
      text.spans,
      evidence.spans
        .slice(0, MAX_LISTED_SPANS)
        .map(
          (span) =>
            `${spanLabelIn(span, lang)} ${formatFlightTime(span.startUs, flight.startUs)} – ${formatFlightTime(span.endUs, flight.startUs)}`,
        )
        .join('; '),
    ]);
  }
  const notes = notesIn(evidence, lang);
  if (notes.length) entries.push([text.notes, notes.join(' ')]);
  keyValues(doc, entries, 110);
  if (result.metrics.length) {
    doc.moveDown(0.3);
    const w = CONTENT_WIDTH;
    table(
      doc,
      [
        { header: text.metric, widthPt: w * 0.46 },
        { header: text.measured, widthPt: w * 0.2, align: 'right' },
        { header: text.threshold, widthPt: w * 0.2, align: 'right' },
        { header: text.verdict, widthPt: w * 0.14, align: 'center' },
      ],
      result.metrics.map((metric) => [
        metricNameIn(metric, lang),
        formatValue(metric.value, metric.unit),
        metric.threshold === null
          ? '—'
          : `${metric.limit === 'max' ? '≤' : '≥'} ${formatValue(metric.threshold, metric.unit)}`,
        metric.pass === null
          ? { text: '—' }
          : {
              text: metric.pass ? text.verdicts.pass : text.verdicts.fail,
              colour: VERDICT_COLOURS[metric.pass ? 'pass' : 'fail'],
            },
      ]),
      8.5,
    );
  }
  doc.moveDown(0.5);
  const spec = plotSpecOf(result.criterion);
  const drawn = drawSeriesPlot(doc, flight, {
    channels: spec.channels,
    unit: spec.unit,
    spans: result.window.spans,
    thresholdLevel:
      spec.thresholdIsLevel && result.threshold !== null && result.unit === spec.unit
        ? result.threshold
        : null,
    markUs: evidence.worst?.tUs ?? null,
  });
  if (!drawn) regular(doc, 9).fillColor('#666666').text(text.noPlotData, PAGE.margin, doc.y);
  regular(doc);
}
