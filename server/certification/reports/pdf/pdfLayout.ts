import type { OverallVerdict } from '../reportInput.js';
import type { Verdict } from '../../criterionResult.js';
import { REPORT_FONTS } from './pdfFonts.js';

/** A4 in points, with the margins every page keeps. */
export const PAGE = { width: 595.28, height: 841.89, margin: 50 } as const;
export const CONTENT_WIDTH = PAGE.width - 2 * PAGE.margin;
/** Room kept free at the foot of each page for the page number. */
const FOOTER_SPACE = 30;

export const VERDICT_COLOURS: Record<Verdict | OverallVerdict, string> = {
  pass: '#2e7d32',
  fail: '#c62828',
  'not-applicable': '#757575',
  'insufficient-data': '#ef6c00',
  incomplete: '#ef6c00',
};

export function regular(doc: PDFKit.PDFDocument, size = 10): PDFKit.PDFDocument {
  return doc.font(REPORT_FONTS.regular.name).fontSize(size).fillColor('#000000');
}

export function bold(doc: PDFKit.PDFDocument, size = 10): PDFKit.PDFDocument {
  return doc.font(REPORT_FONTS.bold.name).fontSize(size).fillColor('#000000');
}

export function spaceLeft(doc: PDFKit.PDFDocument): number {
  return PAGE.height - PAGE.margin - FOOTER_SPACE - doc.y;
}

/** Starts a new page when less than `heightPt` is left, so a block never splits across pages. */
export function ensureSpace(doc: PDFKit.PDFDocument, heightPt: number): void {
  if (spaceLeft(doc) < heightPt) doc.addPage();
}

export function heading(doc: PDFKit.PDFDocument, text: string, size = 14): void {
  ensureSpace(doc, size * 3);
  doc.moveDown(0.6);
  bold(doc, size).text(text, PAGE.margin, doc.y, { width: CONTENT_WIDTH });
  doc.moveDown(0.3);
}

export interface TableColumn {
  header: string;
  widthPt: number;
  align?: 'left' | 'right' | 'center';
}

export interface TableCell {
  text: string;
  colour?: string;
  bold?: boolean;
}

/** A plain ruled table that repeats its header on each new page. */
export function table(
  doc: PDFKit.PDFDocument,
  columns: readonly TableColumn[],
  rows: readonly (string | TableCell)[][],
  fontSize = 9,
): void {
  const padding = 3;
  const cellsOf = (row: readonly (string | TableCell)[]) =>
    row.map((cell) => (typeof cell === 'string' ? { text: cell } : cell));
  const font = (cell: TableCell, header: boolean) =>
    header || cell.bold ? bold(doc, fontSize) : regular(doc, fontSize);
  const heightOf = (cells: readonly TableCell[], header: boolean) =>
    Math.max(
      ...cells.map((cell, i) =>
        font(cell, header).heightOfString(cell.text || ' ', {
          width: (columns[i]?.widthPt ?? 50) - 2 * padding,
        }),
      ),
    ) +
    2 * padding;
  const draw = (cells: readonly TableCell[], header: boolean, heightPt: number) => {
    const top = doc.y;
    let x = PAGE.margin;
    if (header) doc.rect(x, top, CONTENT_WIDTH, heightPt).fill('#eeeeee');
    cells.forEach((cell, i) => {
      const column = columns[i];
      if (!column) return;
      font(cell, header).fillColor(cell.colour ?? '#000000');
      doc.text(cell.text, x + padding, top + padding, {
        width: column.widthPt - 2 * padding,
        align: column.align ?? 'left',
      });
      x += column.widthPt;
    });
    doc
      .moveTo(PAGE.margin, top + heightPt)
      .lineTo(PAGE.margin + CONTENT_WIDTH, top + heightPt)
      .lineWidth(0.5)
      .strokeColor('#bbbbbb')
      .stroke();
    doc.x = PAGE.margin;
    doc.y = top + heightPt;
  };
  const headerCells = cellsOf(columns.map((column) => column.header));
  const headerHeight = heightOf(headerCells, true);
  const bodies = rows.map(cellsOf);
  ensureSpace(doc, headerHeight + (bodies[0] ? heightOf(bodies[0], false) : 0));
  draw(headerCells, true, headerHeight);
  for (const cells of bodies) {
    const heightPt = heightOf(cells, false);
    if (spaceLeft(doc) < heightPt) {
      doc.addPage();
      draw(headerCells, true, headerHeight);
    }
    draw(cells, false, heightPt);
  }
  regular(doc);
}

/** Label–value lines, the label in bold. */
export function keyValues(
  doc: PDFKit.PDFDocument,
  entries: readonly [string, string][],
  labelWidthPt = 130,
): void {
  for (const [label, value] of entries) {
    const heightPt = regular(doc, 10).heightOfString(value || ' ', {
      width: CONTENT_WIDTH - labelWidthPt,
    });
    ensureSpace(doc, heightPt + 4);
    const top = doc.y;
    bold(doc, 10).text(label, PAGE.margin, top, { width: labelWidthPt - 8 });
    regular(doc, 10).text(value, PAGE.margin + labelWidthPt, top, {
      width: CONTENT_WIDTH - labelWidthPt,
    });
    doc.x = PAGE.margin;
    doc.y = Math.max(doc.y, top + heightPt) + 4;
  }
}
