import { ingestBatchSchema, type IngestBatch } from '../../telemetry/contract/ingest.js';
import type { ApiErrorBody } from '../../telemetry/contract/ingest.js';
import { rawTlogRecords, RawTlogError, type RawRecord } from './rawTlogBySystem.js';

export type BatchValidation =
  | { ok: true; batch: IngestBatch; rawRecords: RawRecord[] }
  | { ok: false; seq: number | null; error: ApiErrorBody };

/** `samples[3].values.latDeg` from a zod issue path. */
function fieldName(path: readonly PropertyKey[]): string {
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i ? '.' : ''}${String(part)}`))
    .join('');
}

function seqOf(input: unknown): number | null {
  const seq = (input as { seq?: unknown } | null)?.seq;
  return typeof seq === 'number' && Number.isInteger(seq) && seq >= 0 ? seq : null;
}

/**
 * Checks a batch against the shared schema and that its rawTlog is whole records. The error
 * names the first bad fields, so a ground-link's log says what to fix.
 */
export function validateBatch(input: unknown): BatchValidation {
  const parsed = ingestBatchSchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((issue) => ({
      field: fieldName(issue.path),
      message: issue.message,
    }));
    const first = issues[0];
    return {
      ok: false,
      seq: seqOf(input),
      error: {
        code: 'invalid-batch',
        message: first ? `${first.field || 'batch'}: ${first.message}` : 'invalid batch',
        details: { issues },
      },
    };
  }
  try {
    return { ok: true, batch: parsed.data, rawRecords: rawTlogRecords(parsed.data.rawTlog) };
  } catch (error) {
    if (!(error instanceof RawTlogError)) throw error;
    return {
      ok: false,
      seq: parsed.data.seq,
      error: {
        code: 'invalid-batch',
        message: `rawTlog: ${error.message}`,
        details: { field: 'rawTlog', offset: error.offset },
      },
    };
  }
}
