import { deserialize, serialize } from 'node:v8';
import { ingestBatchSchema, type IngestBatch } from '../../telemetry/contract/ingest.js';

/**
 * A batch on disk: V8's structured-clone format keeps the raw frames as bytes (no base64) and
 * the samples compact, and reads back in one call.
 */
export function encodeBatch(batch: IngestBatch): Buffer {
  return serialize(batch);
}

/** Reads a spooled batch back; throws naming what is wrong when the bytes are not a batch. */
export function decodeBatch(bytes: Uint8Array, where: string): IngestBatch {
  let value: unknown;
  try {
    value = deserialize(bytes);
  } catch (error) {
    throw new Error(`${where} is not a spooled batch: ${(error as Error).message}`);
  }
  const parsed = ingestBatchSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${where} is not a valid batch: ${issue?.path.join('.')} ${issue?.message}`);
  }
  return parsed.data;
}
