import type { Request } from 'express';
import { HttpError } from '../../httpError.js';

/**
 * The request body as text, for media types the JSON parser leaves alone (KML, GeoJSON). Stops
 * reading past `limitBytes` with a 413, so a huge upload never sits in memory whole.
 */
export async function readRequestText(req: Request, limitBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limitBytes) {
      throw new HttpError(
        413,
        'payload_too_large',
        `The request body is larger than the ${limitBytes} bytes this route accepts.`,
      );
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
