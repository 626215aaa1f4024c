import type { StatusText } from './messages/statusText.js';

export interface AssembledText {
  severity: number;
  text: string;
  /** STATUSTEXT id of a chunked text, 0 for a single-chunk one. */
  id: number;
  chunks: number;
  /** False when a chunked text was cut off (its last chunk never came). */
  complete: boolean;
}

interface OpenText {
  id: number;
  severity: number;
  parts: string[];
  nextSeq: number;
}

/**
 * Joins chunked STATUSTEXT (MAVLink 2: chunks share a non-zero id; the last one holds a NUL in
 * its text field). One assembler per source: a text still open when another id starts is
 * handed out as incomplete rather than lost.
 */
export class StatusTextAssembler {
  private open: OpenText | null = null;

  /** Returns the texts completed by this chunk (0, 1 or 2 when it closes an open one). */
  add(chunk: StatusText): AssembledText[] {
    const done: AssembledText[] = [];
    if (this.open && this.open.id !== chunk.id) done.push(this.close(this.open, false));
    if (chunk.id === 0) {
      done.push({ severity: chunk.severity, text: chunk.text, id: 0, chunks: 1, complete: true });
      return done;
    }
    if (!this.open) {
      this.open = { id: chunk.id, severity: chunk.severity, parts: [], nextSeq: 0 };
    }
    // A missing chunk in the middle is kept visible with a marker rather than silently glued.
    if (chunk.chunkSeq !== this.open.nextSeq) this.open.parts.push('…');
    this.open.parts.push(chunk.text);
    this.open.nextSeq = chunk.chunkSeq + 1;
    if (chunk.endsInField) done.push(this.close(this.open, true));
    return done;
  }

  /** Hands out a text still waiting for its last chunk (end of stream). */
  flush(): AssembledText[] {
    return this.open ? [this.close(this.open, false)] : [];
  }

  private close(open: OpenText, complete: boolean): AssembledText {
    this.open = null;
    return {
      severity: open.severity,
      text: open.parts.join(''),
      id: open.id,
      chunks: open.nextSeq,
      complete,
    };
  }
}
