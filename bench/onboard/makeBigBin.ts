import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { once } from 'node:events';
import { DataFlashParser } from '../../telemetry/dataflash/dataFlashParser.js';

/** Records that describe the log; written once, at the start. */
const PREAMBLE = new Set(['FMT', 'FMTU', 'UNIT', 'MULT', 'PARM']);
const TWO_POW_32 = 2 ** 32;

/**
 * A DataFlash log of about `targetBytes`: the FMT/units/parameters of a real log once, then its
 * other records again and again, each copy's TimeUS shifted by the real log's span so the clock
 * keeps going forward. Written in 8 MB pieces, never held whole.
 */
export async function makeBigBin(sourcePath: string, outPath: string, targetBytes: number) {
  const source = new Uint8Array(await readFile(sourcePath));
  const preamble: Uint8Array[] = [];
  const body: { bytes: Uint8Array; timeAt: number | null }[] = [];
  let firstUs = Infinity;
  let lastUs = 0;
  const parser = new DataFlashParser();
  parser.push(source, (r) => {
    const bytes = r.bytes.slice(r.at, r.at + r.format.lengthBytes);
    if (PREAMBLE.has(r.format.name)) preamble.push(bytes);
    else {
      const usAt = r.format.time.kind === 'us' ? (r.format.columns[0]?.at ?? null) : null;
      body.push({ bytes, timeAt: usAt });
      if (r.timed && r.bootUs !== null) {
        firstUs = Math.min(firstUs, r.bootUs);
        lastUs = Math.max(lastUs, r.bootUs);
      }
    }
  });
  parser.finish();
  const spanUs = Math.ceil(lastUs - firstUs) + 1000;
  const out = createWriteStream(outPath);
  let written = 0;
  const write = async (piece: Uint8Array) => {
    written += piece.length;
    if (!out.write(piece)) await once(out, 'drain');
  };
  for (const p of preamble) await write(p);
  const bodyBytes = body.reduce((n, r) => n + r.bytes.length, 0);
  for (let copy = 0; written < targetBytes; copy++) {
    const piece = new Uint8Array(bodyBytes);
    const view = new DataView(piece.buffer);
    let at = 0;
    for (const record of body) {
      piece.set(record.bytes, at);
      if (record.timeAt !== null && copy > 0) {
        const i = at + record.timeAt;
        const us =
          view.getUint32(i + 4, true) * TWO_POW_32 + view.getUint32(i, true) + copy * spanUs;
        view.setUint32(i, us % TWO_POW_32, true);
        view.setUint32(i + 4, Math.floor(us / TWO_POW_32), true);
      }
      at += record.bytes.length;
    }
    await write(piece);
  }
  out.end();
  await once(out, 'finish');
  return { bytes: written };
}
