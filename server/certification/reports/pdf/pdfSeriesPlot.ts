import { KIND_OF_CHANNEL, type Channel } from '../../../../telemetry/model/sampleKinds.js';
import type { FlightData } from '../../flightData.js';
import type { Span } from '../../series/spans.js';
import { CONTENT_WIDTH, PAGE, ensureSpace, regular } from './pdfLayout.js';

export interface SeriesPlotOptions {
  channels: readonly Channel[];
  unit: string;
  /** Shaded: the part of the flight the criterion looked at. */
  spans: readonly Span[];
  /** A horizontal limit line, in the channel's unit. */
  thresholdLevel: number | null;
  /** A vertical marker at the worst sample. */
  markUs: number | null;
  heightPt?: number;
}

const LINE_COLOURS = ['#1f6fd1', '#f28c28', '#2e9e44'];
/** At most this many min/max buckets: enough for the plot's width, small in the file. */
const BUCKETS = 400;

/** A small time plot of one to three channels over the whole flight; returns false when empty. */
export function drawSeriesPlot(
  doc: PDFKit.PDFDocument,
  flight: FlightData,
  options: SeriesPlotOptions,
): boolean {
  const lines = options.channels
    .map((channel) => ({ channel, points: bucketed(flight, channel) }))
    .filter((line) => line.points.length > 0);
  if (lines.length === 0 || flight.endUs <= flight.startUs) return false;
  const heightPt = options.heightPt ?? 110;
  ensureSpace(doc, heightPt + 30);
  const left = PAGE.margin + 40;
  const top = doc.y + 4;
  const width = CONTENT_WIDTH - 40;
  let minValue = Infinity;
  let maxValue = -Infinity;
  for (const line of lines) {
    for (const [, value] of line.points) {
      minValue = Math.min(minValue, value);
      maxValue = Math.max(maxValue, value);
    }
  }
  if (options.thresholdLevel !== null) {
    minValue = Math.min(minValue, options.thresholdLevel);
    maxValue = Math.max(maxValue, options.thresholdLevel);
  }
  const padding = (maxValue - minValue) * 0.08 || 1;
  minValue -= padding;
  maxValue += padding;
  const durationUs = flight.endUs - flight.startUs;
  const x = (tUs: number) => left + ((tUs - flight.startUs) / durationUs) * width;
  const y = (value: number) =>
    top + heightPt - ((value - minValue) / (maxValue - minValue)) * heightPt;

  doc.save();
  for (const span of options.spans) {
    const from = x(Math.max(span.startUs, flight.startUs));
    const to = x(Math.min(span.endUs, flight.endUs));
    if (to > from) doc.rect(from, top, to - from, heightPt).fill('#e3eefc');
  }
  doc.rect(left, top, width, heightPt).lineWidth(0.5).strokeColor('#888888').stroke();
  if (options.thresholdLevel !== null) {
    doc
      .moveTo(left, y(options.thresholdLevel))
      .lineTo(left + width, y(options.thresholdLevel))
      .dash(4, { space: 3 })
      .strokeColor('#c62828')
      .lineWidth(1)
      .stroke()
      .undash();
  }
  lines.forEach((line, index) => {
    doc.lineWidth(0.8).strokeColor(LINE_COLOURS[index % LINE_COLOURS.length] ?? '#000000');
    let drawing = false;
    let previousUs = -Infinity;
    for (const [tUs, value] of line.points) {
      // A gap longer than a few buckets is a telemetry gap: leave it visible.
      const gap = tUs - previousUs > (durationUs / BUCKETS) * 4;
      if (!drawing || gap) doc.moveTo(x(tUs), y(value));
      else doc.lineTo(x(tUs), y(value));
      drawing = true;
      previousUs = tUs;
    }
    doc.stroke();
  });
  if (options.markUs !== null) {
    doc
      .moveTo(x(options.markUs), top)
      .lineTo(x(options.markUs), top + heightPt)
      .lineWidth(1)
      .strokeColor('#c62828')
      .stroke();
  }
  doc.restore();

  regular(doc, 7).fillColor('#444444');
  const unit = options.unit ? ` ${options.unit}` : '';
  doc.text(`${formatTick(maxValue)}${unit}`, PAGE.margin, top - 3, { width: 38, align: 'right' });
  doc.text(`${formatTick(minValue)}${unit}`, PAGE.margin, top + heightPt - 6, {
    width: 38,
    align: 'right',
  });
  const durationS = durationUs / 1e6;
  for (let k = 0; k <= 4; k++) {
    const tickX = left + (k / 4) * width;
    doc.text(`${Math.round((durationS * k) / 4)} s`, tickX - 20, top + heightPt + 2, {
      width: 40,
      align: 'center',
    });
  }
  const legend = lines.map((line) => line.channel).join(', ');
  doc.text(legend, left, top + heightPt + 12, { width, align: 'left' });
  doc.x = PAGE.margin;
  doc.y = top + heightPt + 24;
  regular(doc);
  return true;
}

/** Min and max of each time bucket, so spikes survive the thinning. */
function bucketed(flight: FlightData, channel: Channel): [number, number][] {
  const kind = KIND_OF_CHANNEL.get(channel);
  const columns = kind
    ? (flight.series[kind] as Record<string, Float64Array> | undefined)
    : undefined;
  const times = columns?.tUs;
  const values = columns?.[channel];
  if (!times || !values) return [];
  const durationUs = Math.max(flight.endUs - flight.startUs, 1);
  const points: [number, number][] = [];
  let bucket = -1;
  let minAt: [number, number] | null = null;
  let maxAt: [number, number] | null = null;
  const flush = () => {
    if (!minAt || !maxAt) return;
    if (minAt[0] <= maxAt[0]) points.push(minAt, ...(maxAt === minAt ? [] : [maxAt]));
    else points.push(maxAt, minAt);
  };
  for (let i = 0; i < times.length; i++) {
    const value = values[i] as number;
    if (Number.isNaN(value)) continue;
    const tUs = times[i] as number;
    const b = Math.floor(((tUs - flight.startUs) / durationUs) * BUCKETS);
    if (b !== bucket) {
      flush();
      bucket = b;
      minAt = maxAt = [tUs, value];
    } else {
      if (value < (minAt as [number, number])[1]) minAt = [tUs, value];
      if (value > (maxAt as [number, number])[1]) maxAt = [tUs, value];
    }
  }
  flush();
  return points;
}

function formatTick(value: number): string {
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(1);
}
