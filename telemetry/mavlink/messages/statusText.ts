import { u16, u8 } from '../wire.js';

export const STATUSTEXT_ID = 253;
const TEXT_OFFSET = 1;
export const STATUSTEXT_TEXT_LENGTH = 50;

export interface StatusText {
  /** MAV_SEVERITY */
  severity: number;
  text: string;
  /** True when the 50-byte text field holds a NUL: the last chunk of a chunked text. */
  endsInField: boolean;
  /** 0 = a single-chunk text; otherwise the id shared by all chunks of one text. */
  id: number;
  chunkSeq: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

export function decodeStatusText(p: Uint8Array): StatusText {
  const field = p.subarray(TEXT_OFFSET, TEXT_OFFSET + STATUSTEXT_TEXT_LENGTH);
  const nul = field.indexOf(0);
  return {
    severity: u8(p, 0),
    text: utf8.decode(nul < 0 ? field : field.subarray(0, nul)),
    endsInField: nul >= 0,
    id: u16(p, 51),
    chunkSeq: u8(p, 53),
  };
}
