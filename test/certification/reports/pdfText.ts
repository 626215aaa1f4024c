import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Runs a poppler tool (pdftotext, pdffonts, pdfinfo) on a PDF held in memory. */
export async function popplerOutput(
  tool: 'pdftotext' | 'pdffonts' | 'pdfinfo',
  pdf: Buffer,
): Promise<string> {
  const folder = await mkdtemp(path.join(tmpdir(), 'sortie-pdf-'));
  try {
    const file = path.join(folder, 'report.pdf');
    await writeFile(file, pdf);
    const args = tool === 'pdftotext' ? ['-enc', 'UTF-8', file, '-'] : [file];
    const { stdout } = await run(tool, args, { maxBuffer: 32 * 1024 * 1024 });
    return stdout;
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
