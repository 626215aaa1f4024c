import { inflateSync } from 'node:zlib';

/** An embedded file's bytes, with the byte offset of its stream in the PDF. */
export interface EmbeddedFile {
  offset: number;
  data: Buffer;
}

const EMBEDDED_FILE = /\/Type\s*\/EmbeddedFile\b/g;

/**
 * The files embedded in a PDF (`/Type /EmbeddedFile` streams), as Sortie's reports embed their
 * signed evaluation. Reads the stream of each such object by its direct `/Length`, inflating
 * `/FlateDecode` streams; an object it cannot read is skipped, never thrown on.
 */
export function embeddedFilesOf(pdf: Buffer): EmbeddedFile[] {
  const text = pdf.toString('latin1');
  const files: EmbeddedFile[] = [];
  for (const match of text.matchAll(EMBEDDED_FILE)) {
    const dictionaryStart = text.lastIndexOf('obj', match.index);
    const streamKeyword = text.indexOf('stream', match.index);
    if (dictionaryStart < 0 || streamKeyword < 0) continue;
    const dictionary = text.slice(dictionaryStart, streamKeyword);
    const length = /\/Length\s+(\d+)(?!\s+\d+\s+R)/.exec(dictionary);
    if (!length) continue;
    const offset = streamKeyword + 'stream'.length + (text[streamKeyword + 6] === '\r' ? 2 : 1);
    const raw = pdf.subarray(offset, offset + Number(length[1]));
    try {
      files.push({
        offset,
        data: /\/Filter\s*\/FlateDecode/.test(dictionary) ? inflateSync(raw) : Buffer.from(raw),
      });
    } catch {
      continue;
    }
  }
  return files;
}
