import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * Pretendard (SIL OFL) from its npm package: Hangul and Latin in one family, shipped as OTF,
 * which pdfkit subsets and embeds. Nothing is fetched at run time.
 */
const require = createRequire(import.meta.url);
const fontFolder = path.join(
  path.dirname(require.resolve('pretendard/package.json')),
  'dist/public/static',
);

export const REPORT_FONTS = {
  regular: { name: 'Report-Regular', file: path.join(fontFolder, 'Pretendard-Regular.otf') },
  bold: { name: 'Report-Bold', file: path.join(fontFolder, 'Pretendard-Bold.otf') },
  mono: { name: 'Courier', file: null },
} as const;

export function registerReportFonts(doc: PDFKit.PDFDocument): void {
  doc.registerFont(REPORT_FONTS.regular.name, REPORT_FONTS.regular.file);
  doc.registerFont(REPORT_FONTS.bold.name, REPORT_FONTS.bold.file);
}
